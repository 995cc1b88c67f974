// ROS 2 message definitions for the tools here: Foxglove's common ROS 2 (humble) definitions, plus
// can_msgs/Frame (ros-drivers/ros_canopen), and the ros2msg schema text a bag carries for a type
// (the type's own fields, then each dependency after a line of 80 '=' and "MSG: pkg/Type").
import { ros2humble } from "@foxglove/rosmsg-msgs-common";
import { parse } from "@foxglove/rosmsg";

const CAN_FRAME = `std_msgs/Header header
uint32 id
bool is_rtr
bool is_extended
bool is_error
uint8 dlc
uint8[8] data
`;

function fieldText(f) {
  if (f.isConstant) return `${f.type} ${f.name}=${f.valueText ?? f.value}`;
  const array = f.isArray ? (f.arrayLength !== undefined ? `[${f.arrayLength}]` : "[]") : "";
  const bound = f.upperBound !== undefined && f.type === "string" ? `<=${f.upperBound}` : "";
  return `${f.type}${bound}${array} ${f.name}`;
}

function own(type) {
  if (type === "can_msgs/Frame") return CAN_FRAME;
  const def = ros2humble[type];
  if (!def) throw new Error(`no definition for ${type}`);
  return def.definitions.map(fieldText).join("\n") + "\n";
}

function deps(type, seen = new Set()) {
  const def = type === "can_msgs/Frame" ? { definitions: [{ type: "std_msgs/Header", isComplex: true }] } : ros2humble[type];
  for (const f of def.definitions) {
    if (f.isComplex && !seen.has(f.type)) {
      seen.add(f.type);
      deps(f.type, seen);
    }
  }
  return seen;
}

/** The ros2msg schema text of `type` ("pkg/Type"). */
export function schemaText(type) {
  let text = own(type);
  for (const d of deps(type)) {
    text += "=".repeat(80) + `\nMSG: ${d}\n` + own(d);
  }
  return text;
}

/** Parsed definitions of `type`, as the official serializer takes them (from the schema text, as a reader would). */
export function definitionsOf(type) {
  return parse(schemaText(type), { ros2: true });
}

/** The schema name a ROS 2 bag uses: "pkg/msg/Type". */
export const schemaName = (type) => type.replace("/", "/msg/");
