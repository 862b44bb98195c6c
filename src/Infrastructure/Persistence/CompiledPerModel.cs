using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace GoogleLogin.Infrastructure.Persistence;

/// <summary>
/// A query compiled once per model. EF Core binds a compiled query to the model of the first context that
/// runs it, and each engine's context type has a model of its own: a process that uses both (the tests do)
/// would fail on the second. The models are held weakly, so a discarded one takes its query with it.
/// </summary>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
