namespace Perception.Spec;

/// <summary>
/// One dimension of a tensor shape in a model spec: a fixed size, or a symbol (<c>H</c>) that the
/// pre-processing binds (the same symbol is the same size in every tensor of the spec).
/// </summary>
/// <param name="Size">The fixed size, or -1 for a symbol.</param>
/// <param name="Symbol">The symbol's name, or null for a fixed size.</param>
internal readonly record struct TensorDim(long Size, string? Symbol)
{
    public static TensorDim Fixed(long size) => new(size, null);

    public static TensorDim Named(string symbol) => new(-1, symbol);

    public override string ToString() => Symbol ?? Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
