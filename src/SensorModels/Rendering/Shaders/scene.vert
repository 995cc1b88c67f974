#version 450
#extension GL_GOOGLE_include_directive : require
#include "camera.glsl"

layout(location = 0) in vec3 inPos;      // object frame (unit box for entity templates, origin-relative world for the static mesh)
layout(location = 1) in vec3 inNormal;   // object frame, not normalised
layout(location = 2) in uint inColour;   // RGBA8, sRGB
layout(location = 3) in uint inInfo;     // bits 0-7: semantic class; bit 8: take the instance's tint colour
layout(location = 4) in vec4 inRow0;     // instance: object -> origin-relative world, rows (w: translation)
layout(location = 5) in vec4 inRow1;
layout(location = 6) in vec4 inRow2;
layout(location = 7) in uvec4 inIds;     // x: entity id + 1 (0 static); y: tint RGBA8 sRGB; z: lamp flags (see scene.frag)

layout(location = 0) out vec3 vWorld;
layout(location = 1) out vec3 vNormal;
layout(location = 2) out vec3 vColour;
layout(location = 3) flat out uvec2 vIds; // x: label (semantic << 24 | entity id + 1); y: flags
layout(location = 4) out vec3 vObj;

void main()
{
    vec4 p = vec4(inPos, 1.0);
    vec3 w = vec3(dot(inRow0, p), dot(inRow1, p), dot(inRow2, p));
    // mat3(rows as columns) is M^T, whose inverse is the normal matrix (M^-1)^T: entity boxes scale non-uniformly.
    vNormal = inverse(mat3(inRow0.xyz, inRow1.xyz, inRow2.xyz)) * inNormal;
    vWorld = w;
    vObj = inPos;
    uint colour = (inInfo & 0x100u) != 0u ? inIds.y : inColour;
    vColour = pow(unpackUnorm4x8(colour).rgb, vec3(2.2));
    vIds = uvec2(((inInfo & 0xFFu) << 24) | inIds.x, inIds.z);
    vec4 w4 = vec4(w, 1.0);
    gl_Position = vec4(dot(cam.viewProj[0], w4), dot(cam.viewProj[1], w4), dot(cam.viewProj[2], w4), dot(cam.viewProj[3], w4));
    // The camera's carrier is not drawn (the camera sits inside its box): put it behind the near plane.
    if (inIds.x != 0u && float(inIds.x) == cam.camPos.w)
    {
        gl_Position = vec4(0.0, 0.0, -1.0, 1.0);
    }
}
