// Runs a scenario with its ego driven by a HIL target in lockstep over ZeroMQ: the simulator side
// (a RunSession with a target, as `sim run --target` runs it) and a target (the reference driver
// on the streamed ego state and ground-truth objects, as `sim target` runs it) in one program.
// dotnet run --project examples/Embed/HilRun -- scenarios/highway_cut_in_too_close.yaml scenarios/rigs/hil_target.yaml out/embed-hil
using HilBridge.Session;
using Sim.Runtime;
using Sim.Runtime.Hil;

string scenarioFile = args[0], rigFile = args[1], outDir = args[2];
var endpoint = new HilEndpoint("127.0.0.1", LoopbackPorts.FreePair());
Task<Verdict> target = Task.Run(() => ReferenceTarget.Run(new TargetRequest(endpoint.Control, scenarioFile)));
var hil = new HilTargetOptions(endpoint, new HilRunOptions { Mode = HilMode.Lockstep }, TimeSpan.FromSeconds(60), CurveSecret: null, TargetKey: null);
using RunSession run = RunSession.Open(new RunRequest(scenarioFile, outDir) { Rig = rigFile, Target = hil, Log = Console.Error });
RunOutcome outcome = run.Run();
HilReport report = run.Hil!;
Console.WriteLine($"{outcome.Result.Scenario}: {outcome.Result.Status}, state {outcome.Result.StateHash}; target '{report.Target}' answered {report.AnswersApplied} of {report.Ticks} ticks, round trip p50 {report.RoundTrip.PercentileMs(0.5):F3} ms; the target says {target.Result}");
return outcome.Verdict == Verdict.Pass && target.Result == Verdict.Pass ? 0 : 1;
