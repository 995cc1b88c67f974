using System.Globalization;
using SimCore.Entities;
using SimCore.Simulation;

namespace SimCore.Storyboard.Conditions;

/// <summary>True once the entity has travelled at least the distance.</summary>
internal sealed class TraveledDistanceCondition(string entity, double value) : ConditionBody
{
    public override bool Evaluate(World world) => world.Get(entity).Odometer >= value;

    public override string Describe(World world) => string.Create(CultureInfo.InvariantCulture, $"{entity} travelled {world.Get(entity).Odometer:0.###} m >= {value}");
}
