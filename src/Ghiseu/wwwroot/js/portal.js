// Conveniences on top of pages that work without JavaScript: times in the reader's own zone,
// answers suggested while a request is typed, file sizes checked before sending, "use my location".
(() => {
    'use strict';
    const lang = document.documentElement.lang || 'en';

    for (const t of document.querySelectorAll('time[data-local]')) {
        const when = new Date(t.getAttribute('datetime'));
        if (!isNaN(when)) t.textContent = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(when);
    }

    for (const area of document.querySelectorAll('textarea[data-suggest]')) {
        const box = document.getElementById(area.dataset.suggest);
        if (!box) continue;
        let timer = 0, last = '';
        area.addEventListener('input', () => {
            clearTimeout(timer);
            timer = setTimeout(async () => {
                const q = area.value.trim();
                if (q.length < 12 || q === last) return;
                last = q;
                try {
                    const res = await fetch('/api/v1/knowledge/search?q=' + encodeURIComponent(q.slice(0, 300)), { headers: { Accept: 'application/json' } });
                    if (!res.ok) return;
                    show(box, await res.json());
                } catch { /* suggestions are optional */ }
            }, 400);
        });
    }

    function show(box, hits) {
        box.replaceChildren();
        box.hidden = hits.length === 0;
        if (box.hidden) return;
        const h = document.createElement('h3');
        h.textContent = box.dataset.title;
        const list = document.createElement('ul');
        for (const hit of hits.slice(0, 5)) {
            const li = document.createElement('li');
            const a = document.createElement('a');
            a.href = '/knowledge/' + encodeURIComponent(hit.slug) + '?from=request';
            a.target = '_blank';
            a.rel = 'noopener';
            a.textContent = hit.title;
            const note = document.createElement('span');
            note.className = 'visually-hidden';
            note.textContent = ' ' + box.dataset.newtab;
            a.append(note);
            li.append(a);
            list.append(li);
        }
        box.append(h, list);
    }

    for (const input of document.querySelectorAll('input[type=file][data-max-bytes]')) {
        const out = document.getElementById(input.id + '-check');
        input.addEventListener('change', () => {
            if (!out) return;
            const max = Number(input.dataset.maxBytes);
            const big = [...input.files].filter(f => f.size > max);
            out.textContent = big.map(f => input.dataset.tooBig.replace('{0}', f.name).replace('{1}', input.dataset.maxText)).join(' ');
            out.hidden = big.length === 0;
        });
    }

    if ('geolocation' in navigator) {
        for (const input of document.querySelectorAll('input[data-geolocate]')) {
            const button = document.createElement('button');
            button.type = 'button';
            button.className = 'secondary geolocate';
            button.textContent = input.dataset.geolocate;
            button.addEventListener('click', () => navigator.geolocation.getCurrentPosition(p => {
                input.value = p.coords.latitude.toFixed(6) + ', ' + p.coords.longitude.toFixed(6);
            }));
            input.after(button);
        }
    }
})();
