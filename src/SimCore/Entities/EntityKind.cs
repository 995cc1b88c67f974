namespace SimCore.Entities;

/// <summary>What an entity is; decides its default size, dynamics and how KPIs treat it.</summary>
public enum EntityKind
{
    /// <summary>Passenger car.</summary>
    Car,
    /// <summary>Truck.</summary>
    Truck,
    /// <summary>Bus.</summary>
    Bus,
    /// <summary>Pedestrian.</summary>
    Pedestrian,
    /// <summary>Cyclist (bicycle with rider).</summary>
    Cyclist,
    /// <summary>Static obstacle (debris, barrier, parked object).</summary>
    Obstacle,
}
