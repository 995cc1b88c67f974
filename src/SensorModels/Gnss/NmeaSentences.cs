using System.Globalization;

namespace SensorModels.Gnss;

/// <summary>
/// NMEA 0183 sentences of a GNSS solution (talker GP): GGA (fix), RMC (recommended minimum, NMEA 2.3
/// with the mode field) and VTG (course and speed), each "$...*hh" + CR LF with hh the XOR of the
/// bytes between '$' and '*' in upper-case hex. Latitude ddmm.mmmmmmm, longitude dddmm.mmmmmmm (1e-7
/// minute, under a millimetre), time hhmmss.ss UTC. GGA: quality 1 (GPS fix) and 12 satellites with a
/// 3-D fix, HDOP 1.0 (the model has no satellite geometry), altitude = the ellipsoidal height with a
/// geoid separation of 0 (no geoid model: their sum is the height). Speed over ground and course
/// from the east and north velocity. Without a fix, position fields are empty, GGA quality 0, RMC
/// status V. Written into caller's buffers: nothing is allocated.
/// </summary>
public static class NmeaSentences
{
    /// <summary>The longest sentence written (NMEA caps a sentence at 82 characters with CR LF).</summary>
    public const int MaxBytes = 82;

    private const double KnotsPerMps = 3600.0 / 1852.0;

    /// <summary>Writes GGA; returns its length.</summary>
    public static int Gga(Span<byte> into, in GnssSolution s, long utcNs)
    {
        var w = new Cursor(into);
        w.Text("$GPGGA,");
        w.Time(utcNs);
        w.Comma();
        bool fix = HasFix(s);
        if (fix)
        {
            w.Latitude(s.LatitudeDeg);
            w.Comma();
            w.Longitude(s.LongitudeDeg);
            w.Text(",1,12,1.0,");
            w.Number(s.Altitude, "F3");
            w.Text(",M,0.0,M,,");
        }
        else
        {
            w.Text(",,,,0,00,,,M,,M,,");
        }
        return w.End();
    }

    /// <summary>Writes RMC; returns its length.</summary>
    public static int Rmc(Span<byte> into, in GnssSolution s, long utcNs)
    {
        var w = new Cursor(into);
        w.Text("$GPRMC,");
        w.Time(utcNs);
        bool fix = HasFix(s);
        w.Text(fix ? ",A," : ",V,");
        if (fix)
        {
            w.Latitude(s.LatitudeDeg);
            w.Comma();
            w.Longitude(s.LongitudeDeg);
            w.Comma();
            w.Number(Speed(s) * KnotsPerMps, "F3");
            w.Comma();
            w.Number(Course(s), "F2");
        }
        else
        {
            w.Text(",,,,,");
        }
        w.Comma();
        w.Date(utcNs);
        w.Text(fix ? ",,,A" : ",,,N");
        return w.End();
    }

    /// <summary>Writes VTG; returns its length.</summary>
    public static int Vtg(Span<byte> into, in GnssSolution s)
    {
        var w = new Cursor(into);
        w.Text("$GPVTG,");
        if (HasFix(s))
        {
            w.Number(Course(s), "F2");
            w.Text(",T,,M,");
            w.Number(Speed(s) * KnotsPerMps, "F3");
            w.Text(",N,");
            w.Number(Speed(s) * 3.6, "F3");
            w.Text(",K,A");
        }
        else
        {
            w.Text(",T,,M,,N,,K,N");
        }
        return w.End();
    }

    /// <summary>The checksum of a sentence's body (the bytes between '$' and '*').</summary>
    public static byte Checksum(ReadOnlySpan<byte> body)
    {
        byte x = 0;
        foreach (byte b in body)
        {
            x ^= b;
        }
        return x;
    }

    private static bool HasFix(in GnssSolution s) => s.FixType >= 2 && double.IsFinite(s.LatitudeDeg) && double.IsFinite(s.LongitudeDeg) && double.IsFinite(s.Altitude);

    private static double Speed(in GnssSolution s) => Math.Sqrt(s.Velocity.X * s.Velocity.X + s.Velocity.Y * s.Velocity.Y);

    /// <summary>Course over ground (deg clockwise from true north, 0 to 360).</summary>
    private static double Course(in GnssSolution s)
    {
        double c = Math.Atan2(s.Velocity.X, s.Velocity.Y) * 180 / Math.PI;
        c = c < 0 ? c + 360 : c;
        return c >= 359.995 ? 0 : c;
    }

    private ref struct Cursor(Span<byte> into)
    {
        private readonly Span<byte> _b = into;
        private int _n;

        public void Text(string s)
        {
            foreach (char c in s)
            {
                _b[_n++] = (byte)c;
            }
        }

        public void Comma() => _b[_n++] = (byte)',';

        public void Digits(long v, int width)
        {
            for (int i = width - 1; i >= 0; i--)
            {
                _b[_n + i] = (byte)('0' + v % 10);
                v /= 10;
            }
            _n += width;
        }

        public void Number(double v, string format)
        {
            if (!v.TryFormat(_b[_n..], out int written, format, CultureInfo.InvariantCulture))
            {
                throw new ArgumentException("the sentence does not fit");
            }
            _n += written;
        }

        /// <summary>hhmmss.ss of a UTC time, to the nearest hundredth.</summary>
        public void Time(long utcNs)
        {
            long cs = (long)Math.Round(utcNs / 1e7) % (24 * 360_000L);
            Digits(cs / 360_000, 2);
            Digits(cs / 6000 % 60, 2);
            Digits(cs / 100 % 60, 2);
            _b[_n++] = (byte)'.';
            Digits(cs % 100, 2);
        }

        /// <summary>ddmmyy of the day the (rounded) time falls on.</summary>
        public void Date(long utcNs)
        {
            DateTime d = DateTime.UnixEpoch.AddDays(Math.Floor(Math.Round(utcNs / 1e7) / (24 * 360_000.0)));
            Digits(d.Day, 2);
            Digits(d.Month, 2);
            Digits(d.Year % 100, 2);
        }

        public void Latitude(double deg) => Angle(deg, 2, 'N', 'S');

        public void Longitude(double deg) => Angle(deg > 180 ? deg - 360 : deg, 3, 'E', 'W');

        /// <summary>Degrees and minutes to 1e-7 minute, then the hemisphere letter.</summary>
        private void Angle(double deg, int degreeDigits, char positive, char negative)
        {
            long u = (long)Math.Round(Math.Abs(deg) * 60e7);
            Digits(u / 600_000_000L, degreeDigits);
            long minutes = u % 600_000_000L;
            Digits(minutes / 10_000_000L, 2);
            _b[_n++] = (byte)'.';
            Digits(minutes % 10_000_000L, 7);
            _b[_n++] = (byte)',';
            _b[_n++] = (byte)(deg < 0 ? negative : positive);
        }

        /// <summary>Closes the sentence: '*', checksum, CR LF; returns the length.</summary>
        public int End()
        {
            byte x = Checksum(_b[1.._n]);
            _b[_n++] = (byte)'*';
            _b[_n++] = (byte)"0123456789ABCDEF"[x >> 4];
            _b[_n++] = (byte)"0123456789ABCDEF"[x & 15];
            _b[_n++] = (byte)'\r';
            _b[_n++] = (byte)'\n';
            return _n;
        }
    }
}
