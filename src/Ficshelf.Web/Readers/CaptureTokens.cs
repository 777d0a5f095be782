using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ficshelf.Web.Readers;

/// <summary>Per-user bookmarklet tokens: 32 random bytes shown once; the server keeps their SHA-256 only.</summary>
public static class CaptureTokens
{
    public static string Issue(ReaderSideStore side, long userId)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        side.SetCaptureTokenHash(userId, Hash(token));
        return token;
    }

    public static long? UserOf(ReaderSideStore side, string? token) =>
        string.IsNullOrWhiteSpace(token) || token.Length > 200 ? null : side.UserForCaptureTokenHash(Hash(token.Trim()));

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The bookmarklet: posts the page's URL and HTML with the token to /api/capture (a CORS request without cookies)
    /// and says what happened.
    /// </summary>
    public static string Bookmarklet(string baseUrl, string token)
    {
        var endpoint = JsonSerializer.Serialize(baseUrl.TrimEnd('/') + "/api/capture");
        var key = JsonSerializer.Serialize(token);
        var script =
            "(function(){" +
            $"fetch({endpoint},{{method:'POST',credentials:'omit',headers:{{'Content-Type':'application/json'}}," +
            $"body:JSON.stringify({{token:{key},url:location.href,html:document.documentElement.outerHTML}})}})" +
            ".then(function(r){return r.json();})" +
            ".then(function(j){alert('Ficshelf: '+(j.message||j.error));})" +
            ".catch(function(e){alert('Ficshelf could not be reached: '+e);});" +
            "})();";
        return "javascript:" + Uri.EscapeDataString(script).Replace("%28", "(").Replace("%29", ")");
    }
}
