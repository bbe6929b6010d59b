namespace RecoveryPlatform.Modules.Meetings.Search;

/// <summary>
/// Great-circle distances through chord lengths: two points on the unit sphere are within a distance
/// exactly when the straight line between them is shorter than the matching chord, and comparing
/// squared chords needs no trigonometry. Only the distances reported back are turned into kilometres.
/// </summary>
internal static class GreatCircle
{
    public const double EarthRadiusKm = 6371.0088;

    private const double ToRadians = Math.PI / 180;

    internal readonly record struct Point(double X, double Y, double Z);

    public static Point UnitVector(double latitude, double longitude)
    {
        var (lat, lng) = (latitude * ToRadians, longitude * ToRadians);
        return new Point(Math.Cos(lat) * Math.Cos(lng), Math.Cos(lat) * Math.Sin(lng), Math.Sin(lat));
    }

    public static double SquaredChord(in Point a, in Point b)
    {
        var (dx, dy, dz) = (a.X - b.X, a.Y - b.Y, a.Z - b.Z);
        return (dx * dx) + (dy * dy) + (dz * dz);
    }

    /// <summary>The squared chord of an arc of <paramref name="km"/> (at most half the circumference).</summary>
    public static double SquaredChordOfKm(double km)
    {
        var chord = 2 * Math.Sin(Math.Min(km / EarthRadiusKm, Math.PI) / 2);
        return chord * chord;
    }

    /// <summary>
    /// The smallest latitude/longitude box holding every point within <paramref name="km"/>. The circle
    /// is widest east–west not at the centre's latitude but nearer the pole, so the half-width is
    /// asin(sin(r) / cos φ), not r / cos φ, which would miss points near the east and west edges.
    /// </summary>
    public static Box BoundingBox(double latitude, double longitude, double km)
    {
        var angle = Math.Min(km / EarthRadiusKm, Math.PI);
        var latDelta = angle / ToRadians;
        var sinRatio = Math.Sin(angle) / Math.Cos(latitude * ToRadians);
        var lngDelta = latitude + latDelta >= 90 || latitude - latDelta <= -90 || sinRatio >= 1 || angle >= Math.PI / 2
            ? 180
            : Math.Asin(sinRatio) / ToRadians;
        var (minLongitude, maxLongitude) = (longitude - lngDelta, longitude + lngDelta);
        if (minLongitude < -180 || maxLongitude > 180)
        {
            // Across the antimeridian: every longitude, rather than two boxes.
            (minLongitude, maxLongitude) = (-180, 180);
        }

        return new Box(latitude - latDelta, latitude + latDelta, minLongitude, maxLongitude);
    }

    public static double KmOfSquaredChord(double squaredChord) =>
        2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(squaredChord) / 2));

    /// <summary>A range of latitudes and longitudes, in degrees.</summary>
    public readonly record struct Box(double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude);
}
