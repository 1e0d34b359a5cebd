using Ghiseu.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Identity;

/// <summary>
/// Identity's user manager without lockout (failed sign-ins are slowed by <see cref="SignInThrottle"/>,
/// which nobody can turn against the owner), and with the failure count kept even when changes
/// arrive together: the stock one gives up on a concurrency conflict (and the stale user would fail
/// the request's next save).
/// </summary>
public sealed class StaffUserManager(
    IUserStore<StaffUser> store, IOptions<IdentityOptions> options, IPasswordHasher<StaffUser> hasher,
    IEnumerable<IUserValidator<StaffUser>> userValidators, IEnumerable<IPasswordValidator<StaffUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<StaffUser>> logger,
    GhiseuDb db)
    : UserManager<StaffUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    private const int MaxAttempts = 10;

    public override bool SupportsUserLockout => false;

    public override Task<IdentityResult> AccessFailedAsync(StaffUser user) => RetryAsync(user, () => base.AccessFailedAsync(user));

    public override Task<IdentityResult> ResetAccessFailedCountAsync(StaffUser user) => RetryAsync(user, () => base.ResetAccessFailedCountAsync(user));

    /// <summary>Repeats a change on the current row when another request changed the user in between.</summary>
    private async Task<IdentityResult> RetryAsync(StaffUser user, Func<Task<IdentityResult>> change)
    {
        var conflict = ErrorDescriber.ConcurrencyFailure().Code;
        for (var attempt = 1; ; attempt++)
        {
            var result = await change();
            if (result.Succeeded || attempt == MaxAttempts || result.Errors.All(e => e.Code != conflict)) return result;
            await db.Entry(user).ReloadAsync(CancellationToken);
        }
    }
}
