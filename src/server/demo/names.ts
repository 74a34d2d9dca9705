// Made-up name pools for the demo school. Names are grouped by family background so that a pupil, their
// surname and their parents' names look like one family; the weights give the mix of a diverse English
// primary school. A child's first name may carry a common short form ("Alexander|Alex") offered as a
// preferred name. Any resemblance to real people is coincidental: every combination is random.

export interface NamePool {
  key: string;
  /** Relative share of families from this pool. */
  weight: number;
  /** Girls' first names; "Name|Short" gives a preferred-name short form. */
  girls: readonly string[];
  boys: readonly string[];
  surnames: readonly string[];
  /** First names for parents, grandparents and carers. */
  adultWomen: readonly string[];
  adultMen: readonly string[];
}

export const NAME_POOLS: readonly NamePool[] = [
  {
    key: 'british',
    weight: 48,
    girls: [
      'Olivia|Liv', 'Amelia|Millie', 'Isla', 'Ava', 'Ivy', 'Freya', 'Lily', 'Florence|Flo', 'Mia', 'Willow',
      'Rosie', 'Sophia|Sophie', 'Evie', 'Poppy', 'Grace', 'Elsie', 'Ella', 'Matilda|Tilly', 'Charlotte|Lottie',
      'Daisy', 'Harriet|Hattie', 'Phoebe', 'Jessica|Jess', 'Ruby', 'Imogen|Immy', 'Elizabeth|Libby',
    ],
    boys: [
      'Oliver|Ollie', 'George', 'Noah', 'Arthur|Art', 'Leo', 'Harry', 'Oscar', 'Archie', 'Henry|Harry',
      'Theodore|Theo', 'Freddie', 'Jack', 'Charlie', 'Thomas|Tom', 'Alfie', 'Jacob|Jake', 'William|Will',
      'Joshua|Josh', 'James|Jamie', 'Samuel|Sam', 'Alexander|Alex', 'Benjamin|Ben', 'Max', 'Reggie', 'Toby',
      'Edward|Ted',
    ],
    surnames: [
      'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright',
      'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke',
      'Edwards', 'Turner', 'Hill', 'Cooper', 'Ward', 'Morris', 'Harrison', 'Lewis', 'Baker', 'Carter',
      'Shaw', 'Palmer', 'Marsh', 'Holmes', 'Fletcher', 'Price',
    ],
    adultWomen: [
      'Sarah', 'Emma', 'Laura', 'Rebecca', 'Claire', 'Gemma', 'Hannah', 'Kelly', 'Louise', 'Victoria', 'Jodie',
      'Amy', 'Natalie', 'Helen', 'Susan', 'Karen',
    ],
    adultMen: [
      'Daniel', 'Matthew', 'Christopher', 'Mark', 'Paul', 'Lee', 'Craig', 'Stuart', 'Andrew', 'Richard',
      'Gareth', 'Ryan', 'Steven', 'Neil', 'Graham', 'Peter',
    ],
  },
  {
    key: 'irish',
    weight: 4,
    girls: ['Aoife', 'Niamh', 'Orla', 'Saoirse', 'Ciara'],
    boys: ['Cian', 'Oisín', 'Conor', 'Ronan', 'Patrick|Paddy'],
    surnames: ["O'Brien", 'Murphy', 'Kelly', 'Byrne', 'Doyle', 'McCarthy', "O'Neill"],
    adultWomen: ['Siobhan', 'Sinéad', 'Bridget', 'Maeve'],
    adultMen: ['Declan', 'Liam', 'Seán', 'Kieran'],
  },
  {
    key: 'pakistani-bangladeshi',
    weight: 9,
    girls: ['Aisha', 'Maryam', 'Zara', 'Inaaya', 'Amira', 'Hafsa', 'Noor', 'Zainab', 'Safiya'],
    boys: ['Muhammad|Mo', 'Ibrahim', 'Yusuf', 'Ayaan', 'Zayn', 'Rayyan', 'Hamza', 'Musa', 'Abdullah'],
    surnames: ['Khan', 'Ahmed', 'Hussain', 'Ali', 'Chowdhury', 'Rahman', 'Iqbal', 'Uddin', 'Malik'],
    adultWomen: ['Nadia', 'Farah', 'Sana', 'Shabana', 'Rukhsana', 'Nasreen', 'Salma'],
    adultMen: ['Imran', 'Tariq', 'Asif', 'Kamran', 'Shahid', 'Faisal', 'Jamal'],
  },
  {
    key: 'indian',
    weight: 6,
    girls: ['Priya', 'Diya', 'Ananya', 'Anaya', 'Simran|Simi', 'Riya', 'Jasleen|Jas'],
    boys: ['Arjun', 'Aarav', 'Vihaan', 'Ishaan|Ish', 'Rohan', 'Dev', 'Harjeet|Harj'],
    surnames: ['Patel', 'Shah', 'Singh', 'Mistry', 'Sharma', 'Gill', 'Sandhu'],
    adultWomen: ['Anjali', 'Reena', 'Pooja', 'Harpreet', 'Meena', 'Sunita'],
    adultMen: ['Sanjay', 'Rajesh', 'Vikram', 'Amit', 'Jaswinder', 'Nikhil'],
  },
  {
    key: 'west-african',
    weight: 8,
    girls: ['Amara', 'Favour', 'Oluwatobi|Tobi', 'Chioma', 'Ifeoma|Ife', 'Adaeze|Ada', 'Abena', 'Precious'],
    boys: ['Oluwaseun|Seun', 'Chidi', 'Emeka', 'Kwame', 'Kofi', 'Babatunde|Tunde', 'David', 'Ayomide|Ayo'],
    surnames: ['Okafor', 'Adeyemi', 'Mensah', 'Osei', 'Okonkwo', 'Adebayo', 'Eze', 'Boateng', 'Owusu'],
    adultWomen: ['Funmilayo', 'Ngozi', 'Yetunde', 'Akosua', 'Blessing', 'Grace'],
    adultMen: ['Chukwuemeka', 'Olumide', 'Kwabena', 'Samuel', 'Ebuka', 'Joseph'],
  },
  {
    key: 'somali',
    weight: 3,
    girls: ['Hodan', 'Ayan', 'Sagal', 'Ifrah'],
    boys: ['Abdirahman', 'Mohamed', 'Abdullahi', 'Liban'],
    surnames: ['Farah', 'Abdi', 'Mohamed', 'Warsame', 'Jama'],
    adultWomen: ['Fartun', 'Hibo', 'Amina'],
    adultMen: ['Abdi', 'Hassan', 'Osman'],
  },
  {
    key: 'caribbean',
    weight: 5,
    girls: ['Kiara', 'Naomi', 'Tia', 'Jada', 'Nia'],
    boys: ['Jayden', 'Malachi', 'Tyrese', 'Kai', 'Elijah|Eli'],
    surnames: ['Campbell', 'Grant', 'Francis', 'Bailey', 'Reid', 'Samuels'],
    adultWomen: ['Marcia', 'Donna', 'Simone', 'Charmaine'],
    adultMen: ['Delroy', 'Marcus', 'Wayne', 'Clive'],
  },
  {
    key: 'eastern-european',
    weight: 10,
    girls: ['Zofia|Zosia', 'Lena', 'Maja', 'Hanna', 'Natalia|Natalka', 'Ioana', 'Ana', 'Maria'],
    boys: ['Jakub|Kuba', 'Szymon', 'Filip', 'Antoni', 'Mikołaj', 'Aleksander|Olek', 'Andrei', 'Luca'],
    surnames: ['Nowak', 'Wójcik', 'Kowalczyk', 'Mazur', 'Krawczyk', 'Zając', 'Popescu', 'Ionescu', 'Dumitru'],
    adultWomen: ['Agnieszka', 'Katarzyna', 'Monika', 'Elena', 'Alina', 'Magdalena'],
    adultMen: ['Piotr', 'Tomasz', 'Marcin', 'Ionuț', 'Adrian', 'Paweł'],
  },
  {
    key: 'east-asian',
    weight: 3,
    girls: ['Mei', 'Xinyi', 'Linh'],
    boys: ['Jun', 'Hao', 'Minh'],
    surnames: ['Chen', 'Wong', 'Li', 'Nguyen', 'Tran'],
    adultWomen: ['Lan', 'Hui', 'Thuy'],
    adultMen: ['Wei', 'Jian', 'Duc'],
  },
  {
    key: 'turkish-arabic',
    weight: 5,
    girls: ['Elif', 'Zeynep', 'Layla', 'Mariam', 'Yasmin'],
    boys: ['Omar', 'Emir', 'Kerem', 'Adam', 'Karim'],
    surnames: ['Yılmaz', 'Demir', 'Kaya', 'Haddad', 'Hassan', 'Mansour'],
    adultWomen: ['Ayşe', 'Fatma', 'Rania', 'Leila'],
    adultMen: ['Mehmet', 'Ahmet', 'Khalid', 'Nabil'],
  },
];

/** Split "Name|Short" into the name and its optional short form. */
export function splitName(entry: string): { name: string; short: string | null } {
  const bar = entry.indexOf('|');
  return bar < 0 ? { name: entry, short: null } : { name: entry.slice(0, bar), short: entry.slice(bar + 1) };
}

/** Fixed staff of the demo school (usernames are what people log in with). */
export const DEMO_STAFF: ReadonlyArray<{ username: string; displayName: string; role: 'teacher' | 'ta' | 'office' | 'admin' }> = [
  { username: 'teacher1', displayName: 'Ms Patel', role: 'teacher' },
  { username: 'teacher2', displayName: 'Mr Okafor', role: 'teacher' },
  { username: 'teacher3', displayName: 'Mrs Green', role: 'teacher' },
  { username: 'teacher4', displayName: 'Miss Nowak', role: 'teacher' },
  { username: 'teacher5', displayName: 'Mr Ahmed', role: 'teacher' },
  { username: 'teacher6', displayName: 'Mrs Thompson', role: 'teacher' },
  { username: 'ta1', displayName: 'Mr Hughes', role: 'ta' },
  { username: 'office1', displayName: 'Mrs Begum', role: 'office' },
  { username: 'admin1', displayName: 'Mr Clarke', role: 'admin' },
];

/** Registration groups: class names are trees, one class per year group (Year 1 to Year 6). */
export const DEMO_CLASS_NAMES: readonly string[] = ['Hazel', 'Rowan', 'Willow', 'Birch', 'Chestnut', 'Cedar'];
