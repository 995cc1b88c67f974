namespace Sim.Runtime.Datagen;

/// <summary>An actor added to a variant: what the manifest records and the derived scenario contains.</summary>
/// <param name="Name">Entity name in the derived scenario.</param>
/// <param name="Type">Entity type (car, truck, bus, pedestrian, cyclist).</param>
/// <param name="Road">Road id.</param>
/// <param name="Lane">Lane id.</param>
/// <param name="S">s on the road (m).</param>
/// <param name="Speed">Initial speed (m/s); vehicles also keep it as IDM desired speed.</param>
internal sealed record PlacedActor(string Name, string Type, string Road, int Lane, double S, double Speed);
