namespace AnomalyPlatform.Contracts.Messages;

/// <summary>A caller → callee dependency observed in trace spans (parent span's service → child span's service).</summary>
public sealed record ServiceEdge(string Caller, string Callee, long Calls);
