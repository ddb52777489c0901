import { TemplateLibrary } from '../server/domain/compose.js';
import { phrasebook } from '../server/domain/phrasebook.js';
import { composeLetter } from '../server/domain/letter-compose.js';
const templates = new TemplateLibrary(undefined, { checkEveryForm: true });
const recipient = { surname: 'Петрова', givenName: 'Анна', patronymic: 'Игоревна', gender: 'female' as const, latinName: 'Anna Petrova', birthDate: '1970-11-02', birthYear: 1970, printedCount: 0 };
for (const [tpl, writer, register, phrases] of [['first-letter-ru','woman',undefined,[{id:'greeting.my-name',gap:'Anna'},{id:'support.inspire'},{id:'questions.weather'},{id:'closing.respect'}]],['birthday-letter-ru','group','ty',[{id:'about-us.live-in',gap:'Toronto',gapRu:'Торонто'}]],['support-letter-ru','man','ty',[]],['new-year-letter-ru','man','vy',[]], ['greetings-ru','woman','ty',[]]] as const) {
  const c = composeLetter({ kind: tpl.startsWith('greet') ? 'postcard' : 'letter', templateId: tpl, writer, register, sender: { name: 'Anna', nameRu: 'Анна', town: 'Toronto', townRu: 'Торонто' }, phrases: [...phrases], own: [{ text: 'I hope you are well. Your case is unfair.' }] }, { templates, phrasebook: phrasebook(), recipient, country: 'DE', today: new Date('2026-12-02T12:00:00Z') });
  console.log('=====', tpl, writer, c.register); console.log(c.ru); console.log('--'); console.log(c.en); console.log(c.paragraphs.map(p=>p.id+':'+p.section).join(' '), JSON.stringify(c.suggestions));
}
