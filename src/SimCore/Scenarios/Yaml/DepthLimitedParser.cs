using SimCore.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SimCore.Scenarios.Yaml;

/// <summary>
/// YamlDotNet's parser with nesting bounded by <see cref="InputFiles.MaxDepth"/>: the
/// representation model builds nodes recursively, so 100,000 nested '[' would overflow the stack.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner) : IParser
{
    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        switch (inner.Current)
        {
            case MappingStart or SequenceStart:
                if (++_depth > InputFiles.MaxDepth)
                {
                    throw new YamlException(inner.Current.Start, inner.Current.End, $"mappings and lists are nested more than {InputFiles.MaxDepth} deep");
                }
                break;
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }
        return true;
    }
}
