using System.Runtime.CompilerServices;

namespace SimCore.Mathematics;

/// <summary>A 2-D vector in double precision (world or vehicle plane).</summary>
public readonly record struct Vec2(double X, double Y)
{
    /// <summary>The zero vector.</summary>
    public static Vec2 Zero => default;

    /// <summary>Euclidean length.</summary>
    public double Length => Math.Sqrt(X * X + Y * Y);

    /// <summary>Squared length.</summary>
    public double LengthSquared => X * X + Y * Y;

    /// <summary>Unit vector at angle <paramref name="radians"/> from +x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec2 FromAngle(double radians)
    {
        // One sincos call for the pair (glibc gives the very bits of sin and cos apart).
        (double sin, double cos) = Math.SinCos(radians);
        return new Vec2(cos, sin);
    }

    /// <summary>Dot product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(Vec2 a, Vec2 b) => a.X * b.X + a.Y * b.Y;

    /// <summary>2-D cross product (z of the 3-D cross product).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Cross(Vec2 a, Vec2 b) => a.X * b.Y - a.Y * b.X;

    /// <summary>This vector rotated by 90 degrees counter-clockwise.</summary>
    public Vec2 PerpLeft => new(-Y, X);

    /// <summary>This vector rotated by <paramref name="radians"/> counter-clockwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec2 Rotate(double radians)
    {
        double c = Math.Cos(radians), s = Math.Sin(radians);
        return new Vec2(c * X - s * Y, s * X + c * Y);
    }

    /// <summary>Unit vector in the same direction; zero stays zero.</summary>
    public Vec2 Normalized()
    {
        double l = Length;
        return l > 0 ? new Vec2(X / l, Y / l) : Zero;
    }

    /// <summary>Sum.</summary>
    public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);

    /// <summary>Difference.</summary>
    public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);

    /// <summary>Negation.</summary>
    public static Vec2 operator -(Vec2 a) => new(-a.X, -a.Y);

    /// <summary>Scale.</summary>
    public static Vec2 operator *(Vec2 a, double k) => new(a.X * k, a.Y * k);

    /// <summary>Scale.</summary>
    public static Vec2 operator *(double k, Vec2 a) => new(a.X * k, a.Y * k);

    /// <summary>Division by a scalar.</summary>
    public static Vec2 operator /(Vec2 a, double k) => new(a.X / k, a.Y / k);

    /// <inheritdoc />
    // Written by hand: the generated printer would print PerpLeft, another Vec2, forever.
    public override string ToString()
        => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({X}, {Y})");
}
