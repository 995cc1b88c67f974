namespace SimCore.Scenarios.Yaml;

/// <summary>"Did you mean" hints for misspelt keys and names.</summary>
public static class Suggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="typed"/>, or null when none is close. Never
    /// <paramref name="typed"/> itself: when the name is there, the problem is something else (its
    /// kind or its scope), and "did you mean" the same name would only confuse.
    /// </summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string c in candidates)
        {
            if (string.Equals(c, typed, StringComparison.Ordinal))
            {
                return null;
            }
            int d = Levenshtein(typed.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }
        // Beyond about a third of the word, a "suggestion" is noise.
        return best is not null && bestDistance <= Math.Max(2, typed.Length / 3) ? best : null;
    }

    /// <summary>" (did you mean 'X'?)" with the closest candidate, or an empty string.</summary>
    public static string Hint(string typed, IEnumerable<string> candidates)
    {
        string? s = Closest(typed, candidates);
        return s is null ? string.Empty : $" (did you mean '{s}'?)";
    }

    internal static int Levenshtein(string a, string b)
    {
        Span<int> prev = stackalloc int[b.Length + 1];
        Span<int> cur = stackalloc int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            cur.CopyTo(prev);
        }
        return prev[b.Length];
    }
}
