using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.Internal;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.SharedKernel.Auditing;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>Each module's SQLite context and its SQL Server twin (the same model, the other provider).</summary>
public static class ModuleContexts
{
    public static IReadOnlyDictionary<Type, Type> SqlServerTwinOfSqlite { get; } = Pair();

    private static Dictionary<Type, Type> Pair()
    {
        var contexts = typeof(Program).Assembly.GetReferencedAssemblies()
            .Where(name => name.Name!.StartsWith("RecoveryPlatform.Modules.", StringComparison.Ordinal))
            .Select(Assembly.Load)
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => !type.IsAbstract && type.IsSubclassOf(typeof(ModuleDbContext)))
            .ToList();
        return contexts
            .Where(type => type.Name.EndsWith("SqliteDbContext", StringComparison.Ordinal))
            .ToDictionary(sqlite => sqlite, sqlite => contexts.Single(type => type.BaseType == sqlite.BaseType && type.Name.EndsWith("SqlServerDbContext", StringComparison.Ordinal)));
    }
}

/// <summary>
/// Replays every query and every save a module makes on its SQLite context through the module's SQL
/// Server context, whose connection is pretend (<see cref="CapturedConnectionInterceptor"/>): EF Core
/// translates the same LINQ, with the same arguments, for SQL Server, and the statements are captured.
/// </summary>
/// <remarks>
/// The API itself runs on SQLite, so that every request sees real data and goes as far as it does in
/// the SQLite suite; an API on an empty pretend SQL Server would answer nearly every request with a
/// 401 or a 404 at its first query, and generate little. A query or save that fails before producing
/// any SQL is recorded as a failure: that is what a LINQ query SQL Server cannot translate does. A
/// failure after SQL was produced is expected (an empty database answers "not found") and ignored.
/// </remarks>
public sealed class SqlServerMirror(SqlServerCapture capture)
{
    private static readonly MethodInfo Execute = typeof(IQueryProvider).GetMethods().Single(m => m.Name == nameof(IQueryProvider.Execute) && m.IsGenericMethodDefinition);

    public void Query(DbContext sqlite, Expression query) =>
        Replay(sqlite, "query", twin =>
        {
            var translated = new ToTwinModel(twin.Model).Visit(query);
            var element = SequenceElement(translated.Type);
            var result = Execute.MakeGenericMethod(element is null ? translated.Type : typeof(IEnumerable<>).MakeGenericType(element))
                .Invoke(twin.GetService<IAsyncQueryProvider>(), [translated]);
            if (element is not null)
            {
                // A sequence query generates its SQL when enumerated.
                foreach (var _ in (IEnumerable)result!)
                {
                }
            }
        });

    public void Save(DbContext sqlite)
    {
        // Audit entries are left to the twin's own auditing interceptor, exactly as in production.
        var entries = sqlite.ChangeTracker.Entries().Where(entry => entry.Entity is not AuditEntry).ToList();
        if (entries.Any(entry => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            // The twin tracks the very objects the SQLite context saves, and its fix-up can put a removed owned item
            // (a cancelled exception) back into its owner's collection: put every collection back as it was.
            var collections = entries.Where(entry => !entry.Metadata.IsOwned())
                .SelectMany(entry => entry.Collections)
                .Where(collection => collection.CurrentValue is IList)
                .Select(collection => (Collection: (IList)collection.CurrentValue!, Items: collection.CurrentValue!.Cast<object>().ToList()))
                .ToList();
            Replay(sqlite, "save", twin =>
            {
                TrackLike(entries, twin);
                if (entries.Any(entry => entry is { Entity: OutboxMessage, State: EntityState.Added }))
                {
                    // On SQL Server the unit of work takes the outbox's lock before saving events (ADR 0006).
                    OutboxOrder.TakeWriterTurnAsync((ModuleDbContext)twin, CancellationToken.None).GetAwaiter().GetResult();
                }

                twin.SaveChanges();
            });
            foreach (var (collection, items) in collections)
            {
                if (!collection.Cast<object>().SequenceEqual(items, ReferenceEqualityComparer.Instance))
                {
                    collection.Clear();
                    items.ForEach(item => collection.Add(item));
                }
            }
        }
    }

    private void Replay(DbContext sqlite, string what, Action<DbContext> replay)
    {
        var services = sqlite.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.ApplicationServiceProvider!;
        var request = services.GetService<IHttpContextAccessor>()?.HttpContext?.Request;
        var origin = $"{capture.CurrentTest} ({(request is null ? "start-up" : $"{request.Method} {request.Path}{request.QueryString}")})";
        capture.SetOrigin(origin);
        try
        {
            var twinType = ModuleContexts.SqlServerTwinOfSqlite[sqlite.GetType()];
            using var twin = (DbContext)Activator.CreateInstance(twinType, services.GetRequiredService(typeof(DbContextOptions<>).MakeGenericType(twinType)))!;
            var connection = (CapturedConnection)twin.Database.GetDbConnection();
            try
            {
                replay(twin);
            }
            catch (Exception exception) when (connection.Executed == 0)
            {
                var cause = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
                capture.Fail($"A {what} on {twinType.Name} produced no SQL: {cause.GetType().Name}: {cause.Message}");
            }
            catch (Exception)
            {
                // SQL was produced; what an empty database answered to it does not matter here.
            }
        }
        finally
        {
            capture.SetOrigin(null);
        }
    }

    /// <summary>Tracks the SQLite context's entities in the twin with the same states and changed values.</summary>
    private static void TrackLike(List<EntityEntry> entries, DbContext twin)
    {
        var sqliteEntries = entries.ToDictionary(entry => entry.Entity, ReferenceEqualityComparer.Instance);
        foreach (var entry in entries.Where(entry => !entry.Metadata.IsOwned()))
        {
            twin.ChangeTracker.TrackGraph(entry.Entity, node => node.Entry.State =
                sqliteEntries.TryGetValue(node.Entry.Entity, out var sqlite) && sqlite.State == EntityState.Added ? EntityState.Added : EntityState.Unchanged);
        }

        var twinEntries = twin.ChangeTracker.Entries().ToDictionary(entry => entry.Entity, ReferenceEqualityComparer.Instance);
        foreach (var entry in entries.Where(entry => entry.State is EntityState.Modified or EntityState.Deleted))
        {
            if (!twinEntries.TryGetValue(entry.Entity, out var twinEntry))
            {
                // An owned item removed from its owner's collection: no longer reachable from the owner.
                twinEntry = twin.Entry(entry.Entity);
                foreach (var property in entry.Properties)
                {
                    twinEntry.Property(property.Metadata.Name).CurrentValue = property.CurrentValue;
                }
            }

            foreach (var property in entry.Properties.Where(property => property.IsModified))
            {
                var twinProperty = twinEntry.Property(property.Metadata.Name);
                twinProperty.OriginalValue = property.OriginalValue;
                twinProperty.IsModified = true;
            }

            if (entry.State == EntityState.Deleted)
            {
                twinEntry.State = EntityState.Deleted;
            }
        }
    }

    private static Type? SequenceElement(Type type) =>
        type.IsGenericType && typeof(IQueryable).IsAssignableFrom(type)
            ? type.GetInterfaces().Append(type).Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IQueryable<>)).GetGenericArguments()[0]
            : null;

    /// <summary>Points a query's entity sets at the twin's model, including sets captured in closures.</summary>
    private sealed class ToTwinModel(IModel twinModel) : ExpressionVisitor
    {
        protected override Expression VisitExtension(Expression node) =>
            node is EntityQueryRootExpression root
                ? new EntityQueryRootExpression(twinModel.FindEntityType(root.EntityType.Name) ?? throw new InvalidOperationException($"{root.EntityType.Name} is not in the SQL Server model."))
                : base.VisitExtension(node);

        // db.Other.Any(...) inside a lambda is a closure field that EF Core evaluates to the SQLite set.
        protected override Expression VisitMember(MemberExpression node) =>
            typeof(IQueryable).IsAssignableFrom(node.Type) && IsClosure(node) && Evaluate(node) is IQueryable captured
                ? Visit(captured.Expression)
                : base.VisitMember(node);

        private static bool IsClosure(Expression? node) => node switch
        {
            null or ConstantExpression => true,
            MemberExpression member => IsClosure(member.Expression),
            _ => false,
        };

        private static object? Evaluate(Expression node) =>
            Expression.Lambda<Func<object?>>(Expression.Convert(node, typeof(object))).Compile(preferInterpretation: true)();
    }
}

#pragma warning disable EF1001 // QueryCompiler is EF Core's internal API; it is the one place every LINQ query passes with its arguments.

/// <summary>Hands each query to the <see cref="SqlServerMirror"/> before running it on SQLite.</summary>
public sealed class MirroringQueryCompiler : QueryCompiler
{
    private readonly ICurrentDbContext _currentContext;

    public MirroringQueryCompiler(
        IQueryContextFactory queryContextFactory,
        ICompiledQueryCache compiledQueryCache,
        ICompiledQueryCacheKeyGenerator compiledQueryCacheKeyGenerator,
        IDatabase database,
        IDiagnosticsLogger<DbLoggerCategory.Query> logger,
        ICurrentDbContext currentContext,
        IEvaluatableExpressionFilter evaluatableExpressionFilter,
        IModel model)
        : base(queryContextFactory, compiledQueryCache, compiledQueryCacheKeyGenerator, database, logger, currentContext, evaluatableExpressionFilter, model) =>
        _currentContext = currentContext;

    /// <summary>Makes a SQLite context hand its queries and saves to the mirror.</summary>
    public static void Install(DbContextOptionsBuilder options, MirroringSaveChangesInterceptor saves) =>
        options.ReplaceService<IQueryCompiler, MirroringQueryCompiler>().AddInterceptors(saves);

    public override TResult Execute<TResult>(Expression query)
    {
        Mirror(query);
        return base.Execute<TResult>(query);
    }

    public override TResult ExecuteAsync<TResult>(Expression query, CancellationToken cancellationToken = default)
    {
        Mirror(query);
        return base.ExecuteAsync<TResult>(query, cancellationToken);
    }

    private void Mirror(Expression query) => _currentContext.Context.GetService<SqlServerMirror>().Query(_currentContext.Context, query);
}

#pragma warning restore EF1001

/// <summary>Hands each save to the <see cref="SqlServerMirror"/> before it runs on SQLite.</summary>
public sealed class MirroringSaveChangesInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mirror(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mirror(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Mirror(DbContext? context)
    {
        if (context is not null)
        {
            context.GetService<SqlServerMirror>().Save(context);
        }
    }
}
