using System.Diagnostics;
using System.Globalization;
using Sim.Runtime.Batch;

namespace Sim.Cli.Output;

/// <summary>
/// Progress on standard error: on a terminal one status line redrawn at most four times a second;
/// otherwise (a CI log, a file) one line per finished run, which reads well in a log; nothing when quiet.
/// </summary>
internal sealed class BatchProgress
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private readonly int _total;
    private readonly bool _quiet;
    private readonly bool _terminal;
    private readonly TextWriter _err;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly object _gate = new();
    private TimeSpan _lastDraw = TimeSpan.MinValue;
    private int _done;
    private int _executed;
    private int _failed;
    private int _errors;

    public BatchProgress(int total, bool quiet, TextWriter err, bool terminal)
        => (_total, _quiet, _err, _terminal) = (total, quiet, err, terminal);

    /// <summary>Counts a finished (or resumed) run and reports it.</summary>
    public void Finished(RunRecord r)
    {
        lock (_gate)
        {
            _done++;
            _executed += r.Resumed ? 0 : 1;
            _failed += r.Status == "fail" ? 1 : 0;
            _errors += r.Status == "error" ? 1 : 0;
            if (_quiet)
            {
                return;
            }
            string counts = string.Create(CultureInfo.InvariantCulture, $"[{_done}/{_total}] {_failed} failed, {_errors} errors, ETA {Eta()}");
            if (_terminal)
            {
                TimeSpan now = _watch.Elapsed;
                if (now - _lastDraw >= RedrawInterval || _done == _total)
                {
                    _lastDraw = now;
                    _err.Write("\r\u001b[K" + counts);
                    _err.Flush();
                }
                return;
            }
            string what = r.Resumed ? "resumed" : r.Status;
            string detail = r.Status == "error" ? $": {r.Reason}" : r.Status == "fail" ? $": {string.Join("; ", r.FailedCriteria.Select(c => c.Name))}" : "";
            _err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{counts}  {what} {r.Id} ({r.WallTime:F2} s){detail}"));
        }
    }

    /// <summary>Ends the status line so that what follows starts on its own line.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (!_quiet && _terminal && _done > 0)
            {
                _err.WriteLine();
            }
        }
    }

    private string Eta()
    {
        // Resumed runs take no time: the rate comes from the runs actually executed.
        if (_executed == 0 || _done == _total)
        {
            return _done == _total ? "0 s" : "?";
        }
        double seconds = _watch.Elapsed.TotalSeconds / _executed * (_total - _done);
        return seconds < 90 ? string.Create(CultureInfo.InvariantCulture, $"{seconds:F0} s") : TimeSpan.FromSeconds(Math.Round(seconds)).ToString("c", CultureInfo.InvariantCulture);
    }
}
