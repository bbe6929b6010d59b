namespace RecoveryPlatform.Modules.Venues.Domain;

/// <summary>Great-circle distance and the latitude/longitude box that contains a circle, for index-friendly pre-filters.</summary>
internal readonly record struct GeoBox(double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude)
{
    private const double EarthRadiusMetres = 6_371_008.8;

    public static GeoBox Around(double latitude, double longitude, double radiusMetres)
    {
        var latitudeDelta = radiusMetres / EarthRadiusMetres * (180 / Math.PI);
        var cosine = Math.Max(Math.Cos(latitude * Math.PI / 180), 1e-6);
        var longitudeDelta = Math.Min(180, latitudeDelta / cosine);
        return new GeoBox(latitude - latitudeDelta, latitude + latitudeDelta, longitude - longitudeDelta, longitude + longitudeDelta);
    }

    public static double DistanceMetres(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(latitude2 - latitude1);
        var dLon = Radians(longitude2 - longitude1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Radians(latitude1)) * Math.Cos(Radians(latitude2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>How alike two venue names are: the share of their words in common (Jaccard), ignoring case, punctuation and filler words.</summary>
internal static class NameSimilarity
{
    private static readonly HashSet<string> Filler = ["the", "and", "of", "room", "hall", "centre", "center", "church"];

    public static double Of(string a, string b)
    {
        var left = Words(a);
        var right = Words(b);
        if (left.Count == 0 || right.Count == 0)
        {
            return 0;
        }

        return left.Intersect(right).Count() / (double)left.Union(right).Count();
    }

    private static HashSet<string> Words(string name) =>
        name.ToLowerInvariant()
            .Split([' ', ',', '.', '-', '\'', '(', ')', '&', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.TrimEnd('s'))
            .Where(w => w.Length > 1 && !Filler.Contains(w))
            .ToHashSet();
}
