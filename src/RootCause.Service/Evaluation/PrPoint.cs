namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>One point of a precision-recall curve: the recall and precision of flagging every record at or above one score.</summary>
/// <param name="FlagsEveryRecord">
/// True when that score is the lowest any record has, so every record is flagged: the recall the model's ranking did
/// not reach, only granted by flagging everything, at the share of anomalies among all records as precision.
/// </param>
public readonly record struct PrPoint(double Recall, double Precision, bool FlagsEveryRecord = false);
