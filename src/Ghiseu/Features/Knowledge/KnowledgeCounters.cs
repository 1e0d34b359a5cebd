using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Knowledge;

public enum KnowledgeCounter { Helpful, NotHelpful, Deflection }

/// <summary>The public counters of an article, kept in the database itself so simultaneous clicks all count.</summary>
public static class KnowledgeCounters
{
    /// <summary>False when there is no such published article.</summary>
    public static async Task<bool> CountAsync(GhiseuDb db, Guid id, KnowledgeCounter counter, CancellationToken ct)
    {
        var article = db.Articles.Where(a => a.Id == id && a.Published);
        var changed = counter switch
        {
            KnowledgeCounter.Helpful => await article.ExecuteUpdateAsync(u => u.SetProperty(a => a.HelpfulYes, a => a.HelpfulYes + 1), ct),
            KnowledgeCounter.NotHelpful => await article.ExecuteUpdateAsync(u => u.SetProperty(a => a.HelpfulNo, a => a.HelpfulNo + 1), ct),
            _ => await article.ExecuteUpdateAsync(u => u.SetProperty(a => a.Deflections, a => a.Deflections + 1), ct),
        };
        return changed > 0;
    }
}
