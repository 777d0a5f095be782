using System.Text.RegularExpressions;

namespace Ficshelf.Web.Tests.Support;

/// <summary>What a browser does with a server-rendered form: fetch the page, take the antiforgery token from it, post.</summary>
public static partial class Forms
{
    public static async Task<string> TokenFrom(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"{page} has no antiforgery token in its form");
        return match.Groups[1].Value;
    }

    public static async Task<HttpResponseMessage> Post(HttpClient client, string page, string action, params (string Name, string Value)[] fields)
    {
        var token = await TokenFrom(client, page);
        var content = new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), KeyValuePair.Create("__RequestVerificationToken", token)]);
        return await client.PostAsync(action, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
