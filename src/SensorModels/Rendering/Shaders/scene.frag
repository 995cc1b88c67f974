#version 450
#extension GL_GOOGLE_include_directive : require
#include "camera.glsl"

layout(location = 0) in vec3 vWorld;
layout(location = 1) in vec3 vNormal;
layout(location = 2) in vec3 vColour;
layout(location = 3) flat in uvec2 vIds;
layout(location = 4) in vec3 vObj;

layout(location = 0) out vec4 outColour; // sRGB-encoded RGB, alpha 1
layout(location = 1) out float outDepth; // metres along the optical axis
layout(location = 2) out uint outLabel;  // semantic << 24 | entity id + 1

void main()
{
    // gl_FragCoord.w is 1/clip.w and clip.w is the distance along the optical axis: exact, no varying needed.
    float depth = 1.0 / gl_FragCoord.w;
    vec3 n = normalize(vNormal);
    vec3 toEye = cam.camPos.xyz - vWorld;
    // Two-sided: template winding is not consistent, so face the normal toward the camera.
    if (dot(n, toEye) < 0.0)
    {
        n = -n;
    }
    vec3 light = cam.sunColour.rgb * (cam.sunDir.w * max(dot(n, cam.sunDir.xyz), 0.0))
               + cam.skyColour.rgb * (cam.sunColour.w * (0.7 + 0.3 * n.z));
    light *= cam.fogColour.w;
    int count = int(cam.params.y);
    for (int i = 0; i < count; i++)
    {
        vec3 d = vWorld - cam.lightPos[i].xyz;
        float d2 = dot(d, d);
        float range = cam.lightPos[i].w;
        if (d2 > range * range || d2 < 1e-4)
        {
            continue;
        }
        vec3 dir = d * inversesqrt(d2);
        float cosOuter = cam.lightDir[i].w;
        float power = length(cam.lightDir[i].xyz);
        float spot = smoothstep(cosOuter, cosOuter + 0.5 * (1.0 - cosOuter), dot(dir, cam.lightDir[i].xyz) / power);
        light += vec3(1.0, 0.95, 0.85) * (power * spot * max(dot(n, -dir), 0.0) / (d2 + 1.0));
    }
    vec3 c = vColour * light;
    uint lamps = vIds.y;
    if (lamps != 0u && vObj.z > 0.3 && vObj.z < 0.42 && abs(vObj.y) > 0.28)
    {
        // Lamps on the vehicle's unit box: headlights on the front face, tail lights on the rear,
        // indicators at the outer corners of both, the reversing light beside the tail light.
        // Flags: 1 head and tail lights, 2 brake, 4 left indicator, 8 right indicator,
        // 16 reversing, 32 high beam.
        bool outer = abs(vObj.y) > 0.4;
        bool indicator = outer && ((vObj.y > 0.0 && (lamps & 4u) != 0u) || (vObj.y < 0.0 && (lamps & 8u) != 0u));
        if (vObj.x > 0.485)
        {
            if (indicator)
            {
                c += vec3(3.0, 1.6, 0.1);
            }
            else if ((lamps & 1u) != 0u)
            {
                c += (lamps & 32u) != 0u ? vec3(6.0, 5.7, 4.8) : vec3(4.0, 3.8, 3.2);
            }
        }
        else if (vObj.x < -0.485)
        {
            if (indicator)
            {
                c += vec3(3.0, 1.6, 0.1);
            }
            else if (!outer && (lamps & 16u) != 0u)
            {
                c += vec3(3.5, 3.5, 3.5);
            }
            else if ((lamps & 2u) != 0u)
            {
                c += vec3(4.0, 0.08, 0.05);
            }
            else if ((lamps & 1u) != 0u)
            {
                c += vec3(1.5, 0.03, 0.02);
            }
        }
    }
    c = mix(cam.fogColour.rgb, c, exp(-cam.skyColour.w * depth));
    c = clamp(c * cam.params.x, 0.0, 1.0);
    outColour = vec4(pow(c, vec3(1.0 / 2.2)), 1.0);
    outDepth = depth;
    outLabel = vIds.x;
}
