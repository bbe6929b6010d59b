using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.UnitTests.Meetings.SearchMeetings;

/// <summary>
/// The bounds that let search count a far grid cell without measuring its meetings: no point of a cell
/// may be nearer than the lower bound, nor farther than the corner bound.
/// </summary>
public sealed class GreatCircleTests
{
    [Theory]
    [InlineData(53.8, -1.55)]   // Leeds
    [InlineData(60.15, -1.15)]  // Shetland: far north, cells narrow east–west
    [InlineData(0.05, 0.05)]    // on the equator and the prime meridian
    [InlineData(-33.9, 151.2)]  // Sydney: southern hemisphere
    [InlineData(51.5, 179.95)]  // beside the antimeridian
    public void No_point_of_a_cell_lies_outside_its_distance_bounds(double latitude, double longitude)
    {
        var origin = GreatCircle.UnitVector(latitude, longitude);
        var random = new Random(3);
        for (var cell = 0; cell < 400; cell++)
        {
            // Cells of 0.1° up to a few degrees away, including the origin's own and its neighbours'.
            var south = Math.Floor((latitude + (random.Next(-30, 31) * 0.1)) * 10) / 10;
            var west = Math.Floor((longitude + (random.Next(-30, 31) * 0.1)) * 10) / 10;
            var box = new GreatCircle.Box(south, south + 0.1, west, west + 0.1);
            var nearest = GreatCircle.MinSquaredChordTo(latitude, longitude, box);
            var farthest = GreatCircle.MaxSquaredChordTo(origin, box);

            for (var i = 0; i <= 20; i++)
            {
                for (var j = 0; j <= 20; j++)
                {
                    var point = GreatCircle.UnitVector(south + (i * 0.005), NormalisedLongitude(west + (j * 0.005)));
                    var squaredChord = GreatCircle.SquaredChord(origin, point);
                    squaredChord.ShouldBeGreaterThanOrEqualTo(nearest, $"cell {box} at {i},{j}");
                    squaredChord.ShouldBeLessThanOrEqualTo(farthest * (1 + 1e-12), $"cell {box} at {i},{j}");
                }
            }
        }
    }

    [Fact]
    public void The_lower_bound_is_close_for_a_cell_due_east()
    {
        // A cell one degree east at the same latitude: the bound must not be uselessly small.
        var box = new GreatCircle.Box(53.8, 53.9, -0.55, -0.45);
        var nearest = GreatCircle.MinSquaredChordTo(53.85, -1.55, box);
        var actual = GreatCircle.SquaredChord(GreatCircle.UnitVector(53.85, -1.55), GreatCircle.UnitVector(53.85, -0.55));

        nearest.ShouldBeLessThanOrEqualTo(actual);
        nearest.ShouldBeGreaterThan(actual * 0.99);
    }

    private static double NormalisedLongitude(double longitude) => longitude > 180 ? longitude - 360 : longitude;
}
