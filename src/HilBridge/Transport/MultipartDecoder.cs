using HilBridge.Protocol;
using NetMQ;

namespace HilBridge.Transport;

/// <summary>Turns a received multipart message into a <see cref="ReceivedMessage"/>: the envelope frame decoded, the frames after it as payloads.</summary>
internal static class MultipartDecoder
{
    /// <exception cref="ProtocolException">The envelope frame is rejected.</exception>
    public static ReceivedMessage Decode(NetMQMessage m, int envelopeFrame, ProtocolLimits limits)
    {
        NetMQFrame head = m[envelopeFrame];
        (Envelope env, object body) = WireCodec.Decode(head.Buffer.AsMemory(0, head.MessageSize), limits);
        var payloads = new byte[m.FrameCount - envelopeFrame - 1][];
        for (int i = 0; i < payloads.Length; i++)
        {
            // A frame's buffer is handed over as it is when it holds exactly the payload (NetMQ allocates
            // a fresh array per large frame), saving a copy of every image.
            NetMQFrame f = m[envelopeFrame + 1 + i];
            payloads[i] = f.Buffer.Length == f.MessageSize ? f.Buffer : f.ToByteArray();
        }
        return new ReceivedMessage(env, body, payloads);
    }
}
