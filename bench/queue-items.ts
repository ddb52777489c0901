/**
 * What the print-run benchmark queues: Russian letters of one to three pages and postcard messages, every one
 * different (sentences drawn by a PRNG seeded with the item number, and the number itself in the text), so no
 * layout or font cache sees the same text twice.
 */
import { prng } from './sketch.js';

const SENTENCES = [
  'Здравствуй! Мы снова собрались вечером в маленьком книжном магазине, чтобы написать письма людям, о которых помним.',
  'У нас поздняя осень: деревья уже голые, по утрам на траве иней, а днём ещё бывает солнечно.',
  'Я работаю в городской библиотеке, а по выходным катаюсь на велосипеде вдоль реки.',
  'Недавно я перечитала «Мастера и Маргариту» и заметила много нового, чего не видела в юности.',
  'Расскажи, пожалуйста, как проходит твой день и что тебя радует.',
  'Мои друзья передают тебе привет и просят сказать, что думают о тебе каждый день.',
  'Один из них играет на скрипке в уличном оркестре, а другая выращивает помидоры на балконе.',
  'В прошлое воскресенье мы всей компанией пекли пироги с яблоками и долго спорили, сколько нужно корицы.',
  'Получилось вкусно, хотя немного подгорело, и мы смеялись весь вечер.',
  'Я хожу на курсы русского языка, поэтому пишу это письмо сама, хотя и со словарём.',
  'Наша преподавательница говорит, что лучший способ выучить язык — писать письма настоящим людям.',
  'Мне очень интересно, какая погода сейчас у тебя и что ты видишь из окна.',
  'Напиши, если можно, о чём ты думаешь и о чём мечтаешь.',
  'Мы вложили в конверт чистые листы бумаги и конверт для ответа.',
  'Если захочешь, напиши, какие книги или журналы тебе было бы интересно получить.',
  'Зимой мы снова соберёмся, будем пить чай с пряниками и писать письма.',
  'Вчера шёл первый снег, и дети во дворе сразу начали лепить снеговика.',
  'Мой кот научился открывать дверцу шкафа и теперь спит на свитерах.',
  'Мы ходили в горы, и с вершины было видно озеро, похожее на зеркало.',
  'На работе у нас новый проект: мы переводим старые журналы в электронный вид.',
  'Я начала учиться играть на гитаре, но пока получается только три аккорда.',
  'Весной в нашем парке зацветают вишни, и весь город приходит на них посмотреть.',
  'Соседка принесла нам банку малинового варенья, и я сразу вспомнила детство.',
  'Мы посадили у дома яблоню и надеемся, что через пару лет она даст первые яблоки.',
  'В городе открылась выставка старых фотографий, и я провела там целый день.',
  'Летом мы с друзьями ездили на море, купались и собирали ракушки.',
  'Желаем тебе сил, здоровья и терпения, ты не один.',
  'Каждое письмо от тебя мы читаем вслух, и все очень ждут новых.',
  'Я пробую печь хлеб на закваске, и с каждым разом он получается лучше.',
  'Наш хор готовит концерт к празднику, мы разучиваем старинные песни.',
];
const NUMBERED = [
  (n: number) => `Это письмо номер ${n} из нашей мастерской, и каждое из них написано от руки, а потом набрано.`,
  (n: number) => `Сегодня за нашим столом сидело ${n % 40 + 5} человек, и все писали письма.`,
  (n: number) => `До нашей следующей встречи осталось ${n % 27 + 3} дней, и мы уже к ней готовимся.`,
  (n: number) => `В нашей библиотеке теперь ${n * 13 + 1200} книг, и недавно привезли ещё коробку.`,
];
const NAMES = ['Анна', 'Мария', 'Ольга', 'Пётр', 'Иван', 'Елена', 'Сергей', 'Наталья', 'Михаил', 'Татьяна'];
const CITIES = ['Монреаль', 'Торонто', 'Ванкувер', 'Берлин', 'Прага', 'Рига', 'Тбилиси', 'Хельсинки'];

/**
 * Text lengths for letters of one, two and three pages: a page holds roughly 1,800 to 2,600 Cyrillic characters
 * (paragraph breaks and the first page's header take room); checked against POST /api/pdf/report.
 */
const LENGTH_FOR_PAGES = [1_300, 3_300, 5_800];

export interface QueueBody {
  kind: 'letter' | 'postcard';
  prisonerId: number;
  text: string;
  sender: { kind: 'single'; gender: 'male' | 'female'; name: string; city: string } | { kind: 'group' };
  paper: 'a4';
  image?: string;
}

function sender(n: number): QueueBody['sender'] {
  if (n % 5 === 0) return { kind: 'group' };
  const name = NAMES[n % NAMES.length]!;
  return { kind: 'single', gender: /[ая]$/u.test(name) ? 'female' : 'male', name, city: CITIES[n % CITIES.length]! };
}

/** Letter `n`: 1, 2 or 3 pages by n, paragraphs of 3 to 6 sentences. */
export function letter(n: number, prisonerId: number): QueueBody {
  const rand = prng(n);
  const target = LENGTH_FOR_PAGES[n % 3]!;
  const paragraphs: string[] = [`Дорогой друг!`, NUMBERED[n % NUMBERED.length]!(n)];
  let length = paragraphs.join('\n\n').length;
  while (length < target) {
    const count = 3 + Math.floor(rand() * 4);
    const paragraph: string[] = [];
    for (let i = 0; i < count; i++) {
      paragraph.push(rand() < 0.15 ? NUMBERED[Math.floor(rand() * NUMBERED.length)]!(n + i) : SENTENCES[Math.floor(rand() * SENTENCES.length)]!);
    }
    const text = paragraph.join(' ');
    paragraphs.push(text);
    length += text.length + 2;
  }
  paragraphs.push('Обнимаем, твои друзья');
  return { kind: 'letter', prisonerId, text: paragraphs.join('\n\n'), sender: sender(n), paper: 'a4' };
}

/** Postcard `n` with its picture (a PNG data URL). */
export function postcard(n: number, prisonerId: number, image: string): QueueBody {
  const rand = prng(n + 100_000);
  const wishes = [SENTENCES[26]!, SENTENCES[Math.floor(rand() * SENTENCES.length)]!];
  const text = `Дорогой друг! Открытка номер ${n} из нашей мастерской. ${wishes.join(' ')}\n\nОбнимаем!`;
  return { kind: 'postcard', prisonerId, text, sender: sender(n), paper: 'a4', image };
}
