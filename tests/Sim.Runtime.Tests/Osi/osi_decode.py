#!/usr/bin/env python3
"""Independent OSI decoder for the tests (docs/osi.md): Debian's protoc compiles third_party/osi
into Python classes, python3-protobuf decodes what the simulator sent. Each decoded message is
printed as one JSON line (json_format.MessageToDict, proto field names).

  osi_decode.py PROTO_DIR udp             bind 127.0.0.1 on a free port, print {"port": N}, then
                                          reassemble GroundTruth messages from esmini-style datagrams
                                          ({int32 counter; uint32 size} + chunk) until 3 s of silence
  osi_decode.py PROTO_DIR mcap FILE       read an uncompressed MCAP file with a reader written here
                                          from the MCAP spec; decode every OSI channel's messages
                                          with the classes built from the channel's own schema
                                          (FileDescriptorSet) and check they equal protoc's
  osi_decode.py PROTO_DIR file TYPE FILE  decode one message of TYPE (GroundTruth, SensorView)
"""
import glob, json, os, socket, struct, subprocess, sys, tempfile, importlib

from google.protobuf import json_format, descriptor_pb2, descriptor_pool, message_factory


def compile_protos(proto_dir):
    out = tempfile.mkdtemp(prefix="osi-py-")
    protos = sorted(os.path.basename(p) for p in glob.glob(os.path.join(proto_dir, "*.proto")))
    subprocess.run(["protoc", "-I", proto_dir, "--python_out", out,
                    "--descriptor_set_out", os.path.join(out, "set.pb"), "--include_imports"] + protos, check=True)
    sys.path.insert(0, out)
    gt = importlib.import_module("osi_groundtruth_pb2").GroundTruth
    sv = importlib.import_module("osi_sensorview_pb2").SensorView
    return {"GroundTruth": gt, "SensorView": sv, "osi3.GroundTruth": gt, "osi3.SensorView": sv}


def make_class(pool, name):
    d = pool.FindMessageTypeByName(name)
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(d)
    return message_factory.MessageFactory(pool).GetPrototype(d)


def emit(kind, msg, **extra):
    d = {"kind": kind, "msg": json_format.MessageToDict(msg, preserving_proto_field_name=True)}
    d.update(extra)
    print(json.dumps(d), flush=True)


def udp(types):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind(("127.0.0.1", 0))
    s.settimeout(60)
    print(json.dumps({"port": s.getsockname()[1]}), flush=True)
    got, buf, expect, datagrams = 0, b"", 1, []
    while True:
        try:
            data = s.recv(65536)
        except socket.timeout:
            if got == 0 or buf:
                raise SystemExit(f"no datagram for {s.gettimeout()} s after {got} messages")
            break
        s.settimeout(3)
        counter, size = struct.unpack_from("<iI", data, 0)
        if len(data) != 8 + size or size > 8192:
            raise SystemExit(f"datagram of {len(data)} bytes says {size}")
        if abs(counter) != expect:
            raise SystemExit(f"chunk counter {counter}, expected +-{expect}")
        buf += data[8:]
        datagrams.append(counter)
        if counter < 0:
            gt = types["GroundTruth"]()
            gt.ParseFromString(buf)
            emit("udp", gt, bytes=len(buf), counters=datagrams)
            got, buf, expect, datagrams = got + 1, b"", 1, []
        else:
            expect += 1


def mcap(types, path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89MCAP0\r\n":
        raise SystemExit("not an MCAP file")
    schemas, channels, metadata = {}, {}, {}
    classes = {}

    def string(b, o):
        n = struct.unpack_from("<I", b, o)[0]
        return b[o + 4:o + 4 + n].decode(), o + 4 + n

    def strmap(b, o):
        n = struct.unpack_from("<I", b, o)[0]
        end, o, m = o + 4 + n, o + 4, {}
        while o < end:
            k, o = string(b, o)
            v, o = string(b, o)
            m[k] = v
        return m, end

    def records(b):
        o = 0
        while o < len(b):
            op, n = struct.unpack_from("<BQ", b, o)
            yield op, b[o + 9:o + 9 + n]
            o += 9 + n

    def handle(op, r):
        if op == 0x03:  # Schema
            sid = struct.unpack_from("<H", r, 0)[0]
            name, o = string(r, 2)
            enc, o = string(r, o)
            n = struct.unpack_from("<I", r, o)[0]
            schemas[sid] = (name, enc, r[o + 4:o + 4 + n])
        elif op == 0x04:  # Channel
            cid, sid = struct.unpack_from("<HH", r, 0)
            topic, o = string(r, 4)
            enc, o = string(r, o)
            meta, o = strmap(r, o)
            channels[cid] = (sid, topic, enc, meta)
        elif op == 0x05:  # Message
            cid, seq, log, pub = struct.unpack_from("<HIQQ", r, 0)
            sid, topic, enc, meta = channels[cid]
            if not topic.startswith("/osi/"):
                return
            name, senc, sdata = schemas[sid]
            if enc != "protobuf" or senc != "protobuf":
                raise SystemExit(f"{topic}: encodings {enc}/{senc}")
            if sid not in classes:
                fds = descriptor_pb2.FileDescriptorSet.FromString(sdata)
                pool = descriptor_pool.DescriptorPool()
                for f in fds.file:
                    pool.Add(f)
                classes[sid] = make_class(pool, name)
            msg = classes[sid]()
            msg.ParseFromString(r[22:])
            ref = types[name]()
            ref.ParseFromString(r[22:])
            if json_format.MessageToDict(msg) != json_format.MessageToDict(ref):
                raise SystemExit(f"{topic}: the file's schema and protoc's classes decode differently")
            emit("mcap", ref, topic=topic, log_time=log, publish_time=pub, sequence=seq, schema=name,
                 schema_files=[f.name for f in descriptor_pb2.FileDescriptorSet.FromString(sdata).file],
                 channel_metadata=meta)
        elif op == 0x0C:  # Metadata
            name, o = string(r, 0)
            metadata[name], _ = strmap(r, o)
        elif op == 0x06:  # Chunk
            o = 8 + 8 + 8 + 4
            comp, o = string(r, o)
            n = struct.unpack_from("<Q", r, o)[0]
            if comp != "":
                raise SystemExit("compressed chunk: record with --record-compression none")
            for op2, r2 in records(r[o + 8:o + 8 + n]):
                handle(op2, r2)

    for op, r in records(data[8:-8]):
        if op == 0x0F:  # DataEnd: the summary repeats schemas and channels
            break
        handle(op, r)
    print(json.dumps({"kind": "metadata", "metadata": metadata}), flush=True)
    ours = sorted(f.name for f in descriptor_pb2.FileDescriptorSet.FromString(open(os.path.join(os.path.dirname(sys.modules["osi_groundtruth_pb2"].__file__), "set.pb"), "rb").read()).file)
    print(json.dumps({"kind": "protoc_files", "files": ours}), flush=True)


def main():
    types = compile_protos(sys.argv[1])
    mode = sys.argv[2]
    if mode == "udp":
        udp(types)
    elif mode == "mcap":
        mcap(types, sys.argv[3])
    elif mode == "file":
        m = types[sys.argv[3]]()
        m.ParseFromString(open(sys.argv[4], "rb").read())
        emit("file", m)
    else:
        raise SystemExit("mode: udp, mcap or file")


main()
