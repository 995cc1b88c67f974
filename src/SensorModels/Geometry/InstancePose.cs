namespace SensorModels.Geometry;

/// <summary>
/// One entity instance of a <see cref="SceneGeometry"/> as posed for some time: its template, the
/// world-to-object transform rays are carried through, the object-to-world normal transform and
/// its world box (all relative to the scene's origin, in float).
/// </summary>
internal struct InstancePose
{
    public int EntityId;
    public Bvh Template;
    /// <summary>Index of <see cref="Template"/> in <see cref="MeshTemplates.Templates"/> (what a device copy refers to).</summary>
    public int TemplateIndex;
    public SemanticClass Semantic;
    public bool Active;
    // World (origin-relative) to object: rows of S^-1 R^T and the translation T.
    public F3 Inv0, Inv1, Inv2, T;
    // Object normal to world: R columns scaled by 1/s.
    public F3 N0, N1, N2;
    public F3 Min, Max;
}
