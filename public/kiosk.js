// Kiosk shell: lists the people open for letters. Nothing typed here is stored anywhere.
const list = document.getElementById('people');
const status = document.getElementById('status');
const search = document.getElementById('search');

function card(p) {
  const li = document.createElement('li');
  const h = document.createElement('h2');
  h.textContent = p.latinName;
  const cyr = document.createElement('p');
  cyr.className = 'cyr';
  cyr.lang = 'ru';
  cyr.textContent = [p.surname, p.givenName, p.patronymic].filter(Boolean).join(' ');
  const where = document.createElement('p');
  where.textContent = [p.city, p.facilityName].filter(Boolean).join(' — ');
  const bio = document.createElement('p');
  bio.textContent = p.bioEn ?? '';
  li.append(h, cyr, where, bio);
  return li;
}

async function load(q = '') {
  try {
    const res = await fetch(`/api/prisoners${q ? `?q=${encodeURIComponent(q)}` : ''}`);
    if (!res.ok) throw new Error(String(res.status));
    const { prisoners } = await res.json();
    list.replaceChildren(...prisoners.map(card));
    status.textContent = `${prisoners.length} people`;
  } catch {
    status.textContent = 'Could not load the list. Check that the Volya server is running, then try again.';
  }
}

let timer;
search.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(() => load(search.value.trim()), 200);
});
load();
