#version 450
// Closest-hit and any-hit ray casting through SceneGeometry's two-level BVH, without any
// ray-tracing extension (Vulkan 1.0 core compute). One invocation per ray, no shared state, so a
// ray's result never depends on the others or on scheduling. The arithmetic follows Bvh4.Intersect
// and SceneGeometry.Trace operation for operation (every result 'precise': no fused multiply-add),
// so on a device with IEEE division (lavapipe) the hits are the CPU's bit for bit.

layout(local_size_x = 64) in;

// Pending-node stack of the 4-wide traversal: sized from the uploaded trees (Bvh4.StackNeed).
layout(constant_id = 0) const int STACK = 64;
// Stack of the binary top level over instances (SceneGeometry's own is 64).
const int TOP_STACK = 64;

struct Node4 { vec4 minX; vec4 minY; vec4 minZ; vec4 maxX; vec4 maxY; vec4 maxZ; ivec4 child; ivec4 count; };
// v0.w: the triangle's index in its mesh (int bits).
struct Tri { vec4 v0; vec4 e1; vec4 e2; };
// lo.w: left child (inner) or first order slot (leaf); hi.w: 0 inner, > 0 leaf count, < 0 empty.
struct TopNode { vec4 lo; vec4 hi; };
// inv0.w: template root node, inv1.w: entity id (int bits); t.xyz translation.
struct Instance { vec4 inv0; vec4 inv1; vec4 inv2; vec4 t; };
// o.w tMin, d.w tMax; meta: ignore A, ignore B, pose set, flags (bit 0 any hit).
struct Ray { vec4 o; vec4 d; ivec4 meta; };
// x: root top node (-1: no instance), y: first instance, z: first order slot.
struct PoseSet { ivec4 v; };

layout(std430, set = 0, binding = 0) readonly buffer Nodes { Node4 nodes[]; };
layout(std430, set = 0, binding = 1) readonly buffer Tris { Tri tris[]; };
layout(std430, set = 0, binding = 2) readonly buffer TopNodes { TopNode top[]; };
layout(std430, set = 0, binding = 3) readonly buffer TopOrder { int topOrder[]; };
layout(std430, set = 0, binding = 4) readonly buffer Instances { Instance instances[]; };
layout(std430, set = 0, binding = 5) readonly buffer PoseSets { PoseSet poses[]; };
layout(std430, set = 0, binding = 6) readonly buffer Rays { Ray rays[]; };
// x: t (float bits), y: instance (-1 static), z: triangle (-1 none), w: 0.
layout(std430, set = 0, binding = 7) writeonly buffer Hits { ivec4 hits[]; };

layout(push_constant) uniform Push { uint rayCount; int staticRoot; uint rowLength; } pc;

int stackNode[STACK];
float stackT[STACK];

float nonZero(float v)
{
    // Bvh.NonZero: a tiny value of the same sign (copysign keeps -0's sign).
    return abs(v) > 1e-20 ? v : uintBitsToFloat(floatBitsToUint(1e-20) | (floatBitsToUint(v) & 0x80000000u));
}

vec3 cross3(vec3 a, vec3 b)
{
    precise vec3 c = vec3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
    return c;
}

float dot3(vec3 a, vec3 b)
{
    precise float r = a.x * b.x + a.y * b.y + a.z * b.z;
    return r;
}

// Bvh.HitTriangle (Moller-Trumbore).
bool hitTriangle(Tri tr, vec3 o, vec3 d, float tMin, float tMax, out float t)
{
    t = 0.0;
    vec3 p = cross3(d, tr.e2.xyz);
    precise float det = dot3(tr.e1.xyz, p);
    if (det == 0.0)
    {
        return false;
    }
    precise float inv = 1.0 / det;
    precise vec3 s = o - tr.v0.xyz;
    precise float u = dot3(s, p) * inv;
    if (u < 0.0 || u > 1.0)
    {
        return false;
    }
    vec3 q = cross3(s, tr.e1.xyz);
    precise float v = dot3(d, q) * inv;
    precise float uv = u + v;
    if (v < 0.0 || uv > 1.0)
    {
        return false;
    }
    precise float tt = dot3(tr.e2.xyz, q) * inv;
    t = tt;
    return t > tMin && t < tMax;
}

// Bvh4.Intersect from node 'root': nearest triangle with tMin < t < best; on a hit, best and tri change.
bool intersect4(int root, vec3 o, vec3 d, float tMin, inout float best, inout int tri, bool anyHit)
{
    precise float ix = 1.0 / nonZero(d.x);
    precise float iy = 1.0 / nonZero(d.y);
    precise float iz = 1.0 / nonZero(d.z);
    precise vec4 vox = vec4(o.x * ix);
    precise vec4 voy = vec4(o.y * iy);
    precise vec4 voz = vec4(o.z * iz);
    int sp = 0;
    bool hit = false;
    int current = root;
    while (true)
    {
        Node4 n = nodes[current];
        precise vec4 tx0 = n.minX * ix - vox;
        precise vec4 tx1 = n.maxX * ix - vox;
        precise vec4 ty0 = n.minY * iy - voy;
        precise vec4 ty1 = n.maxY * iy - voy;
        precise vec4 tz0 = n.minZ * iz - voz;
        precise vec4 tz1 = n.maxZ * iz - voz;
        vec4 near = max(max(min(tx0, tx1), min(ty0, ty1)), max(min(tz0, tz1), vec4(tMin)));
        vec4 far = min(min(max(tx0, tx1), max(ty0, ty1)), min(max(tz0, tz1), vec4(best)));
        int nextNode = -1;
        float nextT = 3.402823466e38;
        for (int k = 0; k < 4; k++)
        {
            if (!(near[k] <= far[k]))
            {
                continue;
            }
            int c = n.child[k];
            if (c < 0)
            {
                int first = ~c, end = first + n.count[k];
                for (int i = first; i < end; i++)
                {
                    float t;
                    if (hitTriangle(tris[i], o, d, tMin, best, t))
                    {
                        best = t;
                        tri = floatBitsToInt(tris[i].v0.w);
                        hit = true;
                        if (anyHit)
                        {
                            return true;
                        }
                    }
                }
                continue;
            }
            float tn = near[k];
            if (tn < nextT)
            {
                if (nextNode >= 0)
                {
                    stackNode[sp] = nextNode;
                    stackT[sp++] = nextT;
                }
                nextNode = c;
                nextT = tn;
            }
            else
            {
                stackNode[sp] = c;
                stackT[sp++] = tn;
            }
        }
        if (nextNode >= 0 && nextT < best)
        {
            current = nextNode;
            continue;
        }
        bool found = false;
        while (sp > 0)
        {
            sp--;
            if (stackT[sp] < best)
            {
                current = stackNode[sp];
                found = true;
                break;
            }
        }
        if (!found)
        {
            return hit;
        }
    }
    return hit;
}

void main()
{
    uint id = gl_GlobalInvocationID.x + gl_GlobalInvocationID.y * pc.rowLength;
    if (id >= pc.rayCount)
    {
        return;
    }
    Ray r = rays[id];
    vec3 o = r.o.xyz, d = r.d.xyz;
    float tMin = r.o.w, best = r.d.w;
    int ignoreA = r.meta.x, ignoreB = r.meta.y;
    bool anyHit = (r.meta.w & 1) != 0;
    int instance = -1, tri = -1;
    // SceneGeometry.Trace: the static scene first, then the instances with what is left of the ray.
    bool hit = intersect4(pc.staticRoot, o, d, tMin, best, tri, anyHit);
    if (!(hit && anyHit))
    {
        PoseSet ps = poses[r.meta.z];
        int root = ps.v.x;
        if (root >= 0)
        {
            // SceneGeometry.TraceInstances.
            precise float ix = 1.0 / nonZero(d.x);
            precise float iy = 1.0 / nonZero(d.y);
            precise float iz = 1.0 / nonZero(d.z);
            precise float ox = o.x * ix;
            precise float oy = o.y * iy;
            precise float oz = o.z * iz;
            int topStack[TOP_STACK];
            int sp = 0;
            topStack[sp++] = root;
            while (sp > 0)
            {
                TopNode node = top[topStack[--sp]];
                // Bvh.Slab, scalar.
                precise float x0 = node.lo.x * ix - ox;
                precise float x1 = node.hi.x * ix - ox;
                precise float y0 = node.lo.y * iy - oy;
                precise float y1 = node.hi.y * iy - oy;
                precise float z0 = node.lo.z * iz - oz;
                precise float z1 = node.hi.z * iz - oz;
                float nearT = max(max(min(x0, x1), min(y0, y1)), max(min(z0, z1), tMin));
                float farT = min(min(max(x0, x1), max(y0, y1)), min(max(z0, z1), best));
                if (!(nearT <= farT))
                {
                    continue;
                }
                int left = floatBitsToInt(node.lo.w), count = floatBitsToInt(node.hi.w);
                if (count == 0)
                {
                    topStack[sp++] = left;
                    topStack[sp++] = left + 1;
                    continue;
                }
                for (int k = left; k < left + count; k++)
                {
                    int local = topOrder[k];
                    Instance inst = instances[ps.v.y + local];
                    int entity = floatBitsToInt(inst.inv1.w);
                    if (entity == ignoreA || entity == ignoreB)
                    {
                        continue;
                    }
                    precise vec3 rel = o - inst.t.xyz;
                    vec3 oo = vec3(dot3(inst.inv0.xyz, rel), dot3(inst.inv1.xyz, rel), dot3(inst.inv2.xyz, rel));
                    vec3 dd = vec3(dot3(inst.inv0.xyz, d), dot3(inst.inv1.xyz, d), dot3(inst.inv2.xyz, d));
                    int t = -1;
                    if (intersect4(floatBitsToInt(inst.inv0.w), oo, dd, tMin, best, t, anyHit))
                    {
                        hit = true;
                        instance = local;
                        tri = t;
                        if (anyHit)
                        {
                            sp = 0;
                            break;
                        }
                    }
                }
            }
        }
    }
    hits[id] = hit ? ivec4(floatBitsToInt(best), instance, tri, 0) : ivec4(floatBitsToInt(r.d.w), -1, -1, 0);
}
