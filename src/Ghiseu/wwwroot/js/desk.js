// Keyboard shortcuts of the desk: g then i inbox, n new case, / search, r reply, o note.
(() => {
    'use strict';
    let pending = '';
    const go = path => (window.Blazor && Blazor.navigateTo) ? Blazor.navigateTo(path) : (location.href = path);
    const focus = key => { const el = document.querySelector(`[data-shortcut="${key}"]`); if (el) { el.focus(); return true; } return false; };
    document.addEventListener('keydown', e => {
        const t = e.target;
        if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))) return;
        if (pending === 'g' && e.key === 'i') { pending = ''; go('/desk'); e.preventDefault(); return; }
        pending = e.key === 'g' ? 'g' : '';
        if (e.key === 'n') { go('/desk/new'); e.preventDefault(); }
        else if (['/', 'r', 'o'].includes(e.key) && focus(e.key)) e.preventDefault();
    });
})();
