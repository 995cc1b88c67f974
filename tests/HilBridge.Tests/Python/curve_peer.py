"""A CurveZMQ target in pyzmq (libzmq), for CurveSecurityTests.

  curve_peer.py gen DIR                  writes DIR/target.key and DIR/target.key_secret (pyzmq's own writer)
  curve_peer.py sim-server ENDPOINT DIR  DEALER as CURVE client of DIR/sim.key (the simulator proves itself)
  curve_peer.py target-server ENDPOINT DIR ALLOWED
                                         DEALER as CURVE server with DIR/target.key_secret; ZAP accepts only
                                         the client keys in ALLOWED/*.key (the target checks the simulator)
Reads one hex frame on stdin, sends it, prints the hex of the first frame received or 'timeout'.
"""
import os
import sys

import zmq
import zmq.auth
from zmq.auth.thread import ThreadAuthenticator

mode = sys.argv[1]
if mode == "gen":
    zmq.auth.create_certificates(sys.argv[2], "target")
    sys.exit(0)

endpoint, keydir = sys.argv[2], sys.argv[3]
frame = bytes.fromhex(sys.stdin.read().strip())
ctx = zmq.Context()
auth = None
s = ctx.socket(zmq.DEALER)
s.linger = 0
pub, sec = zmq.auth.load_certificate(os.path.join(keydir, "target.key_secret"))
s.curve_publickey, s.curve_secretkey = pub, sec
if mode == "sim-server":
    s.curve_serverkey, _ = zmq.auth.load_certificate(os.path.join(keydir, "sim.key"))
else:
    auth = ThreadAuthenticator(ctx)
    auth.start()
    auth.configure_curve(domain="*", location=sys.argv[4])
    s.curve_server = True
s.connect(endpoint)
s.send(frame)
if s.poll(5000):
    print(s.recv().hex())
else:
    print("timeout")
s.close()
if auth:
    auth.stop()
ctx.term()
