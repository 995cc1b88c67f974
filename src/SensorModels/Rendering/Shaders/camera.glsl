// Per-camera block shared by scene.vert and scene.frag (one slot per camera, dynamic offset).
// Matches SceneRenderer.CameraBlock byte for byte (std140: vec4s only).
#define MAX_LIGHTS 16
layout(set = 0, binding = 0, std140) uniform Camera
{
    vec4 viewProj[4];          // rows: origin-relative world -> Vulkan clip space
    vec4 camPos;               // xyz: camera position (origin-relative); w: hidden entity id + 1 (0 none)
    vec4 sunDir;               // xyz: unit vector toward the sun; w: sun intensity (0 at night)
    vec4 sunColour;            // rgb: linear sun colour; w: ambient intensity
    vec4 skyColour;            // rgb: linear ambient (sky) colour; w: fog density (1/m)
    vec4 fogColour;            // rgb: linear fog colour; w: rain/fog dimming multiplier on sun and ambient
    vec4 params;               // x: exposure, y: light count, z, w: unused
    vec4 lightPos[MAX_LIGHTS]; // xyz: light position (headlight or street lamp); w: range (m)
    vec4 lightDir[MAX_LIGHTS]; // xyz: beam axis times intensity (radiance at 1 m); w: cosine of the cone's outer half-angle
} cam;
