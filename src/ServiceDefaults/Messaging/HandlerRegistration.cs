namespace AnomalyPlatform.ServiceDefaults.Messaging;

/// <summary>Says that <see cref="HandlerType"/> consumes <see cref="MessageType"/>; transports turn these into consumers.</summary>
public sealed record HandlerRegistration(Type MessageType, Type HandlerType);
