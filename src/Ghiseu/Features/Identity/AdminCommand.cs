using Microsoft.AspNetCore.Identity;

namespace Ghiseu.Features.Identity;

/// <summary>
/// `ghiseu create-admin EMAIL "Full Name"`: creates the first system administrator of a new
/// installation. The password is read from GHISEU_ADMIN_PASSWORD, and must be changed at first sign-in.
/// </summary>
public static class AdminCommand
{
    public static async Task<int> RunAsync(IServiceProvider root, string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: create-admin EMAIL \"Full Name\"   (password in GHISEU_ADMIN_PASSWORD)");
            return 2;
        }
        var password = Environment.GetEnvironmentVariable("GHISEU_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("Set GHISEU_ADMIN_PASSWORD to the new administrator's first password.");
            return 2;
        }
        await using var scope = root.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<Guid>(role));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var user = new StaffUser { UserName = args[1], Email = args[1], EmailConfirmed = true, DisplayName = args[2], MustChangePassword = true };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) result = await users.AddToRoleAsync(user, Roles.SystemAdmin);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors) Console.Error.WriteLine(e.Description);
            return 1;
        }
        Console.WriteLine($"System administrator {args[1]} created.");
        return 0;
    }
}
