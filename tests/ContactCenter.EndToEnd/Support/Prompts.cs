namespace ContactCenter.EndToEnd.Support;

/// <summary>
/// How long the rendered prompts play, so a caller script keys a menu choice while that menu is listening. The
/// hotline's <c>menu</c> and the survey read keys during their prompt and for their timeout after it (5 s), so a key
/// sent a little into the prompt lands whatever small delays Asterisk adds.
/// </summary>
public static class Prompts
{
    public static int Ms(this CenterFixture center, string flow, string prompt, string language = "zh-CN")
    {
        ArgumentNullException.ThrowIfNull(center);
        return (int)Wav.Length(Path.Combine(center.PromptDirectory, language, $"{flow}-{prompt}.wav")).TotalMilliseconds;
    }

    /// <summary>When, after the answer, a caller with a known number keys the hotline's main menu.</summary>
    public static int MainMenuKeyAt(this CenterFixture center) =>
        center.Ms("hotline", "welcome") + Math.Min(center.Ms("hotline", "mainMenu") / 2, 1500) + 700;

    /// <summary>From the menu key to the seat's phone ringing: the "connecting" prompt, then the queue.</summary>
    public static int ConnectingMs(this CenterFixture center) => center.Ms("hotline", "connecting") + 300;

    /// <summary>From the seat's hang-up to the moment a survey key is safely inside the survey's listening window.</summary>
    public static int SurveyKeyAfterHangUp(this CenterFixture center) => Math.Min(center.Ms("satisfaction-survey", "rate") / 2, 1500) + 800;
}
