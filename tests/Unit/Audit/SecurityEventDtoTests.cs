using GoogleLogin.Application.Audit.ListActivity;
using GoogleLogin.Domain.Audit;

namespace GoogleLogin.Tests.Unit.Audit;

public sealed class SecurityEventDtoTests
{
    [Fact]
    public void Every_type_has_the_code_the_api_documents()
    {
        Enum.GetValues<SecurityEventType>().Select(SecurityEventDto.CodeOf).Should().Equal(
            "unknown",
            "signed_in",
            "signed_out",
            "session_revoked",
            "signed_out_everywhere",
            "signed_out_elsewhere",
            "login_linked",
            "login_unlinked",
            "sign_in_refused_email_in_use",
            "sign_in_refused_disabled");
    }
}
