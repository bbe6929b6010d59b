// The ceiling for build/bench-search.sh: the cheapest ASP.NET Core can answer a JSON list of 20
// items on this machine, with no routing groups, middleware, mediator, validation or data access.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var items = Enumerable.Range(1, 20)
    .Select(i => new BareItem(Guid.CreateVersion7(), $"Meeting {i}", "tuesday", "19:30", 53.8 + (i / 1000.0), -1.55 - (i / 1000.0)))
    .ToArray();

app.MapGet("/items", () => TypedResults.Ok(new BarePage(items, 1, 20, 20)));
app.Run();

internal sealed record BareItem(Guid Id, string Name, string Day, string StartTime, double Latitude, double Longitude);

internal sealed record BarePage(BareItem[] Items, int Page, int PageSize, int Total);
