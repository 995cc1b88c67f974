#version 450
// RGB (sRGB-encoded, as written by output.comp) -> NV12, BT.709 limited range (Y 16-235, Cb/Cr 16-240).
// Each invocation converts a 4x2 block: one Y word per row and one interleaved CbCr word (two 2x2 chroma samples).
// Needs width % 4 == 0 and height % 2 == 0 (checked on the host).
layout(local_size_x = 8, local_size_y = 8) in;

layout(set = 0, binding = 0, std430) readonly buffer ColourIn { uint colourIn[]; };
layout(set = 0, binding = 1, std430) writeonly buffer Nv12Out { uint nv12[]; };

layout(push_constant) uniform Push
{
    uint width, height;
    uint bytesPerPixel; // 3 (RGB) or 4 (RGBA)
} pc;

uint byteAt(uint k)
{
    return (colourIn[k >> 2] >> ((k & 3u) << 3)) & 0xFFu;
}

vec3 rgb(uint x, uint y)
{
    uint k = (y * pc.width + x) * pc.bytesPerPixel;
    return vec3(byteAt(k), byteAt(k + 1u), byteAt(k + 2u)) / 255.0;
}

uint luma(vec3 c)
{
    return uint(16.0 + 219.0 * dot(c, vec3(0.2126, 0.7152, 0.0722)) + 0.5);
}

uint chroma(vec3 c)
{
    float y = dot(c, vec3(0.2126, 0.7152, 0.0722));
    uint cb = uint(clamp(128.0 + 224.0 * (c.b - y) / 1.8556 + 0.5, 16.0, 240.0));
    uint cr = uint(clamp(128.0 + 224.0 * (c.r - y) / 1.5748 + 0.5, 16.0, 240.0));
    return cb | (cr << 8);
}

void main()
{
    uint bx = gl_GlobalInvocationID.x, by = gl_GlobalInvocationID.y;
    if (4u * bx >= pc.width || 2u * by >= pc.height)
    {
        return;
    }
    uint x = 4u * bx, y = 2u * by;
    vec3 a[4], b[4];
    for (uint k = 0u; k < 4u; k++)
    {
        a[k] = rgb(x + k, y);
        b[k] = rgb(x + k, y + 1u);
    }
    nv12[(y * pc.width + x) >> 2] = luma(a[0]) | (luma(a[1]) << 8) | (luma(a[2]) << 16) | (luma(a[3]) << 24);
    nv12[((y + 1u) * pc.width + x) >> 2] = luma(b[0]) | (luma(b[1]) << 8) | (luma(b[2]) << 16) | (luma(b[3]) << 24);
    vec3 m0 = 0.25 * (a[0] + a[1] + b[0] + b[1]);
    vec3 m1 = 0.25 * (a[2] + a[3] + b[2] + b[3]);
    nv12[(pc.width * pc.height + by * pc.width + x) >> 2] = chroma(m0) | (chroma(m1) << 16);
}
