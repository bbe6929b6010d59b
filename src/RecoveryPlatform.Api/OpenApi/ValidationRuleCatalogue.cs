using System.Collections;
using System.Reflection;
using FluentValidation;
using FluentValidation.Validators;
using RecoveryPlatform.Api.Infrastructure;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Api.OpenApi;

/// <summary>
/// The FluentValidation rules behind every request body and query string, read once from the validators
/// themselves, so the OpenAPI document states the rules a request is actually held to.
/// </summary>
/// <remarks>
/// Validators check commands and queries, not the request types a client sends. A request type is checked
/// by a validator when the validated type is the request type itself, has a property of that type
/// (<c>CreateMeetingCommand(MeetingRequest Meeting)</c>), has the request's name with Command or Query for
/// Request (<c>UpdateGroupRequest</c> → <c>UpdateGroupCommand</c>), or the request says so with
/// <see cref="ValidatedAsAttribute"/>. A rule's name is the JSON path it reports errors under
/// (<c>schedule.recurrence.anchorDate</c>), which is resolved against the request type's properties.
/// </remarks>
internal sealed class ValidationRuleCatalogue(IServiceProvider services)
{
    private readonly Lazy<Index> _index = new(() => Build(services));

    /// <summary>What the validators say about one property of a request type (or one query parameter).</summary>
    /// <param name="Rules">Each validator's components for the property, one list per validator that has any.</param>
    /// <param name="Validators">How many validators check the declaring type at all: a property is required only if all of them say so.</param>
    public sealed record PropertyRules(IReadOnlyList<IReadOnlyList<RuleComponent>> Rules, int Validators)
    {
        public static readonly PropertyRules None = new([], 0);

        /// <summary>Every validator of the type insists on a value (NotNull or NotEmpty, unconditionally).</summary>
        public bool IsRequired =>
            Validators > 0 && Rules.Count == Validators &&
            Rules.All(components => components.Any(c => !c.Conditional && !c.ForEachItem && c.Validator is INotNullValidator or INotEmptyValidator));

        public IEnumerable<RuleComponent> Components => Rules.SelectMany(r => r);
    }

    /// <param name="Validator">The property validator (length, range, regex...).</param>
    /// <param name="Conditional">Applies only under a When/Unless. In this code base conditions guard against a
    /// missing parent or value, so a bound still holds whenever the value is there; only "required" is left out.</param>
    /// <param name="ForEachItem">From RuleForEach: applies to each item of the list.</param>
    /// <param name="Message">The message template, which recognises shared rules written as Must (calendar, URL).</param>
    public sealed record RuleComponent(IPropertyValidator Validator, bool Conditional, bool ForEachItem, string Message);

    public PropertyRules For(Type declaringType, string propertyName) =>
        _index.Value.Rules.TryGetValue((declaringType, propertyName.ToUpperInvariant()), out var perValidator)
            ? new PropertyRules([.. perValidator.Values], _index.Value.Coverage.GetValueOrDefault(declaringType))
            : new PropertyRules([], _index.Value.Coverage.GetValueOrDefault(declaringType));

    /// <summary>Whether any validator checks this type (directly or as part of a request it belongs to).</summary>
    public bool IsValidated(Type type) => _index.Value.Coverage.ContainsKey(type);

    private sealed record Index(
        Dictionary<(Type, string), Dictionary<IValidator, List<RuleComponent>>> Rules,
        Dictionary<Type, int> Coverage);

    private static Index Build(IServiceProvider services)
    {
        var rules = new Dictionary<(Type, string), Dictionary<IValidator, List<RuleComponent>>>();
        var coverage = new Dictionary<Type, int>();
        var validatedAs = ModuleCatalogue.Assemblies.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetCustomAttributes<ValidatedAsAttribute>().Select(a => (Request: t, a.ValidatedType)))
            .ToLookup(p => p.ValidatedType, p => p.Request);

        foreach (var scan in AssemblyScanner.FindValidatorsInAssemblies(ModuleCatalogue.Assemblies, includeInternalTypes: true))
        {
            var validatedType = scan.InterfaceType.GetGenericArguments()[0];
            var validator = services.GetServices(scan.InterfaceType).OfType<IValidator>().FirstOrDefault(v => v.GetType() == scan.ValidatorType);
            if (validator is null)
            {
                continue;
            }

            var roots = validatedAs[validatedType].Concat(RequestTypesCheckedBy(validatedType)).Distinct().ToList();
            foreach (var type in roots.SelectMany(Reachable).Distinct())
            {
                coverage[type] = coverage.GetValueOrDefault(type) + 1;
            }

            foreach (var rule in validator.CreateDescriptor().Rules)
            {
                if (rule.PropertyName is not { Length: > 0 } path)
                {
                    continue;
                }

                var forEachItem = IsCollectionRule(rule);
                // Every request type the rule's name resolves in gets it (a cancellation and a change share one command).
                foreach (var property in roots.Select(root => Resolve(root, path)).OfType<PropertyInfo>().Distinct())
                {
                    var key = (property.DeclaringType!, property.Name.ToUpperInvariant());
                    if (!rules.TryGetValue(key, out var perValidator))
                    {
                        rules[key] = perValidator = new Dictionary<IValidator, List<RuleComponent>>(ReferenceEqualityComparer.Instance);
                    }

                    if (!perValidator.TryGetValue(validator, out var components))
                    {
                        perValidator[validator] = components = [];
                    }

                    components.AddRange(rule.Components.Select(c => new RuleComponent(
                        c.Validator,
                        rule.HasCondition || rule.HasAsyncCondition || c.HasCondition || c.HasAsyncCondition,
                        forEachItem,
                        c.GetUnformattedErrorMessage() ?? string.Empty)));
                }
            }
        }

        return new Index(rules, coverage);
    }

    /// <summary>The request types a validator of <paramref name="validatedType"/> checks: the types it wraps, its Request namesake, and itself.</summary>
    private static IEnumerable<Type> RequestTypesCheckedBy(Type validatedType)
    {
        foreach (var property in validatedType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (IsModuleType(property.PropertyType))
            {
                yield return property.PropertyType;
            }
        }

        foreach (var suffix in new[] { "Command", "Query" })
        {
            if (validatedType.Name.EndsWith(suffix, StringComparison.Ordinal) &&
                validatedType.Assembly.GetType($"{validatedType.Namespace}.{validatedType.Name[..^suffix.Length]}Request") is { } request)
            {
                yield return request;
            }
        }

        yield return validatedType;
    }

    /// <summary>The property a dotted, camelCase rule name (<c>schedule.recurrence.day</c>) names, starting at <paramref name="root"/>.</summary>
    private static PropertyInfo? Resolve(Type root, string path)
    {
        PropertyInfo? property = null;
        var type = root;
        foreach (var segment in path.Split('.'))
        {
            property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return null;
            }

            type = ElementOrSelf(property.PropertyType);
        }

        return property;
    }

    /// <summary>The type and every module type its properties (and their list items) lead to.</summary>
    private static IEnumerable<Type> Reachable(Type root)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([root]);
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var next = ElementOrSelf(property.PropertyType);
                if (IsModuleType(next))
                {
                    pending.Push(next);
                }
            }
        }

        return seen;
    }

    private static Type ElementOrSelf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var item = type.IsArray ? type.GetElementType() : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
            return item ?? type;
        }

        return type;
    }

    private static bool IsModuleType(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("RecoveryPlatform.", StringComparison.Ordinal) == true;

    private static bool IsCollectionRule(IValidationRule rule) =>
        rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
}
