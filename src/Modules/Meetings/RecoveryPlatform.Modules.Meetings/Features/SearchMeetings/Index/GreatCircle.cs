namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

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

    /// <summary>
    /// At most the squared chord from the point to any point of <paramref name="box"/> (a box within one
    /// hemisphere's longitudes, as grid cells are): the larger of the latitude gap and the distance to the
    /// point's meridian plane, asin(cos φ · sin Δλ), each at its smallest over the box.
    /// </summary>
    public static double MinSquaredChordTo(double latitude, double longitude, in Box box)
    {
        var latitudeGap = Math.Max(0, Math.Max(box.MinLatitude - latitude, latitude - box.MaxLatitude)) * ToRadians;
        var longitudeGap = longitude >= box.MinLongitude && longitude <= box.MaxLongitude
            ? 0
            : Math.Min(LongitudeDifference(longitude, box.MinLongitude), LongitudeDifference(longitude, box.MaxLongitude)) * ToRadians;
        var smallestCosine = Math.Max(0, Math.Min(Math.Cos(box.MinLatitude * ToRadians), Math.Cos(box.MaxLatitude * ToRadians)));
        var angle = Math.Max(latitudeGap, Math.Asin(smallestCosine * Math.Sin(Math.Min(longitudeGap, Math.PI / 2))));
        var chord = 2 * Math.Sin(angle / 2);

        // Rounding must not lift the bound above the true distance.
        return chord * chord * (1 - 1e-9);
    }

    /// <summary>
    /// The squared chord from the point to the farthest point of a small latitude/longitude box: one of
    /// its corners, since along a parallel the distance grows with the longitude difference and along a
    /// meridian it has a single minimum.
    /// </summary>
    public static double MaxSquaredChordTo(in Point point, in Box box) => Math.Max(
        Math.Max(SquaredChord(point, UnitVector(box.MinLatitude, box.MinLongitude)), SquaredChord(point, UnitVector(box.MinLatitude, box.MaxLongitude))),
        Math.Max(SquaredChord(point, UnitVector(box.MaxLatitude, box.MinLongitude)), SquaredChord(point, UnitVector(box.MaxLatitude, box.MaxLongitude))));

    private static double LongitudeDifference(double a, double b)
    {
        var difference = Math.Abs(a - b) % 360;
        return difference > 180 ? 360 - difference : difference;
    }

    /// <summary>A range of latitudes and longitudes, in degrees.</summary>
    public readonly record struct Box(double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude);
}
