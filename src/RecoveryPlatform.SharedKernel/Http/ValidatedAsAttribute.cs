namespace RecoveryPlatform.SharedKernel.Http;

/// <summary>
/// Names the command (or query) whose validator checks this request body, where neither its name
/// (<c>FooRequest</c> → <c>FooCommand</c>/<c>FooQuery</c>) nor a property of that type says so. The OpenAPI
/// document states that validator's rules (required fields, lengths, ranges) on the body's schema.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ValidatedAsAttribute(Type validatedType) : Attribute
{
    public Type ValidatedType { get; } = validatedType;
}
