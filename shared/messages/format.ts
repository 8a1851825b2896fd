// How durations read in words (the lockout's "5 min 08 s", a transmission's "2.4 s"): a clock
// face such as "5:08" reads like a time of day. es-MX.ts and en.ts spread these in.
export const esMXFormat = {
  duration: {
    hoursMinutes: '{{h}} h {{m}} min',
    minutesSeconds: '{{m}} min {{s}} s',
    seconds: '{{s}} s',
  },
};

export const enFormat: typeof esMXFormat = {
  duration: {
    hoursMinutes: '{{h}} h {{m}} min',
    minutesSeconds: '{{m}} min {{s}} s',
    seconds: '{{s}} s',
  },
};
