#version 450
// Lens remap and packing: each invocation writes 4 consecutive output pixels (row-major linear index),
// so RGB (3 bytes) and semantic (1 byte) words are written whole, without atomics.
layout(local_size_x = 64) in;

layout(set = 0, binding = 0, rgba8) uniform readonly image2D colourImg;
layout(set = 0, binding = 1, r32f) uniform readonly image2D depthImg;
layout(set = 0, binding = 2, r32ui) uniform readonly uimage2D labelImg;
layout(set = 0, binding = 3, std430) readonly buffer Remap { vec2 src[]; };
layout(set = 0, binding = 4, std430) writeonly buffer ColourOut { uint colourOut[]; };
layout(set = 0, binding = 5, std430) writeonly buffer DepthOut { float depthOut[]; };
layout(set = 0, binding = 6, std430) writeonly buffer SemanticOut { uint semanticOut[]; };
layout(set = 0, binding = 7, std430) writeonly buffer InstanceOut { uint instanceOut[]; };

layout(push_constant) uniform Push
{
    uint outW, outH, renW, renH;
    uint flags; // 1 rgb, 2 rgba, 4 depth, 8 semantic, 16 instance, 32 remap
} pc;

struct Sample { vec3 rgb; float depth; uint label; };

Sample fetch(uint idx)
{
    Sample s = Sample(vec3(0.0), 0.0, 0u);
    if (idx >= pc.outW * pc.outH)
    {
        return s;
    }
    ivec2 o = ivec2(idx % pc.outW, idx / pc.outW);
    if ((pc.flags & 32u) == 0u)
    {
        s.rgb = imageLoad(colourImg, o).rgb;
        s.depth = imageLoad(depthImg, o).r;
        s.label = imageLoad(labelImg, o).r;
        return s;
    }
    vec2 p = src[idx];
    // Source pixel centres are at integer coordinates; NaN fails every comparison and lands outside.
    if (!(p.x > -0.5 && p.y > -0.5 && p.x < float(pc.renW) - 0.5 && p.y < float(pc.renH) - 0.5))
    {
        return s;
    }
    ivec2 maxc = ivec2(pc.renW - 1u, pc.renH - 1u);
    ivec2 near = clamp(ivec2(floor(p + 0.5)), ivec2(0), maxc);
    s.label = imageLoad(labelImg, near).r;
    vec2 f0 = floor(p);
    vec2 t = clamp(p - f0, 0.0, 1.0);
    ivec2 a = clamp(ivec2(f0), ivec2(0), maxc);
    ivec2 b = clamp(ivec2(f0) + 1, ivec2(0), maxc);
    vec3 c00 = imageLoad(colourImg, a).rgb, c10 = imageLoad(colourImg, ivec2(b.x, a.y)).rgb;
    vec3 c01 = imageLoad(colourImg, ivec2(a.x, b.y)).rgb, c11 = imageLoad(colourImg, b).rgb;
    s.rgb = mix(mix(c00, c10, t.x), mix(c01, c11, t.x), t.y);
    float d00 = imageLoad(depthImg, a).r, d10 = imageLoad(depthImg, ivec2(b.x, a.y)).r;
    float d01 = imageLoad(depthImg, ivec2(a.x, b.y)).r, d11 = imageLoad(depthImg, b).r;
    float lo = min(min(d00, d10), min(d01, d11)), hi = max(max(d00, d10), max(d01, d11));
    // Across an edge (or next to sky, depth 0) blending invents surfaces: take the nearest sample.
    s.depth = (lo <= 0.0 || hi - lo > 0.5) ? imageLoad(depthImg, near).r : mix(mix(d00, d10, t.x), mix(d01, d11, t.x), t.y);
    return s;
}

uvec3 bytes(vec3 c)
{
    return uvec3(clamp(c, 0.0, 1.0) * 255.0 + 0.5);
}

void main()
{
    uint g = gl_GlobalInvocationID.x;
    if (4u * g >= pc.outW * pc.outH)
    {
        return;
    }
    Sample s[4];
    for (uint k = 0u; k < 4u; k++)
    {
        s[k] = fetch(4u * g + k);
    }
    if ((pc.flags & 1u) != 0u)
    {
        uvec3 p0 = bytes(s[0].rgb), p1 = bytes(s[1].rgb), p2 = bytes(s[2].rgb), p3 = bytes(s[3].rgb);
        colourOut[3u * g] = p0.r | (p0.g << 8) | (p0.b << 16) | (p1.r << 24);
        colourOut[3u * g + 1u] = p1.g | (p1.b << 8) | (p2.r << 16) | (p2.g << 24);
        colourOut[3u * g + 2u] = p2.b | (p3.r << 8) | (p3.g << 16) | (p3.b << 24);
    }
    else if ((pc.flags & 2u) != 0u)
    {
        for (uint k = 0u; k < 4u; k++)
        {
            uvec3 p = bytes(s[k].rgb);
            colourOut[4u * g + k] = p.r | (p.g << 8) | (p.b << 16) | (255u << 24);
        }
    }
    if ((pc.flags & 4u) != 0u)
    {
        for (uint k = 0u; k < 4u; k++)
        {
            depthOut[4u * g + k] = s[k].depth;
        }
    }
    if ((pc.flags & 8u) != 0u)
    {
        semanticOut[g] = (s[0].label >> 24) | ((s[1].label >> 24) << 8) | ((s[2].label >> 24) << 16) | ((s[3].label >> 24) << 24);
    }
    if ((pc.flags & 16u) != 0u)
    {
        for (uint k = 0u; k < 4u; k++)
        {
            instanceOut[4u * g + k] = s[k].label & 0xFFFFFFu;
        }
    }
}
