// Loads a scenario, mounts a rig with a camera and a lidar on its ego, runs it with the reference
// driver and prints the KPIs: what `sim run SCENARIO --rig RIG --record-sensors DIR` does, from C#.
// dotnet run --project examples/Embed/RigRun -- scenarios/highway_cut_in_too_close.yaml examples/Embed/rig.yaml out/embed
using SensorModels.Output;
using SensorModels.Runtime;
using SimCore.Kpis;
using SimCore.Scenarios;
using SimCore.Simulation;

string scenarioFile = args[0], rigFile = args[1], sensorDir = args[2];
Scenario scenario = ScenarioFiles.Load(scenarioFile);
var sim = new Simulator(scenario);
var stages = new StepStages(sim);
using RigSession rig = RigSession.Create(rigFile, sensorDir, scenario, sim, strict: true);
rig.Attach(stages);
long lidarPoints = 0;
stages.SensorOutput += (in SensorFrame frame, ReadOnlySpan<byte> payload) => lidarPoints += frame.Format == "lidar.v1" ? BitConverter.ToUInt32(payload) : 0;
RunResult result = stages.Run();
rig.Complete();
Console.WriteLine($"{result.Scenario}: {result.Status}, ended by {result.EndReason.Name()} at {result.SimTime} s, state {result.StateHash}, {lidarPoints} lidar points");
foreach (KpiValue k in result.Kpis)
{
    Console.WriteLine($"  {k.Name,-20} {k.Value?.ToString("0.###") ?? "-",10} {k.Unit}");
}
return result.Status == RunStatus.Pass ? 0 : 1;
