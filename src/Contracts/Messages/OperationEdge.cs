namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// A call from one operation of a service to an operation of another, observed in trace spans: the caller's operation
/// is the one its service was entered by (the request it was serving), the callee's the span it was called by.
/// Finer than <see cref="ServiceEdge"/>: it says which of a callee's operations a caller's requests reach, and so which
/// services lie below them.
/// </summary>
public sealed record OperationEdge(string CallerService, string CallerOperation, string CalleeService, string CalleeOperation, long Calls);
