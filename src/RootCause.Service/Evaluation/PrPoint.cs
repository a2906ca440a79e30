namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>One point of a precision-recall curve: the recall and precision of flagging every record at or above one score.</summary>
public readonly record struct PrPoint(double Recall, double Precision);
