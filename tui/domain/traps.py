"""Spotting the thinking traps in a harsh thought, so the reflection can ask for a fairer wording.

How it reads a thought, and why:

1. The text is cut into words, each remembering where it sits in what the person typed, so a
   catch can quote their own spelling ("Im SO stupid"), never our lower-cased copy.
2. Each word is put in a standard form: curly quotes straightened, contractions and their
   apostrophe-less spellings expanded (``im``/``i'm`` -> ``i am``, ``cant``/``cannot`` ->
   ``can not``, ``shoulda`` -> ``should have``), a few common misspellings mended, and long
   key words matched one typo away (``faliure``, ``usless``). Punctuation and "but" become
   clause breaks, so a pattern never runs across two separate thoughts.
3. Patterns are written over those standard words with room for intensifiers and fillers
   between them ("I'm just *so* completely useless", "they *probably all* thought...").
4. A catch is dropped when its clause denies it ("it doesn't mean I'll never get hired",
   "I'm not a failure"): that is the fair thought the reflection hopes for.
5. When nothing specific matches but the sentence is still negative about the self
   ("I hate how I sounded"), :func:`check_thought` says so, so the screen never answers a harsh
   thought with reassurance.

It is a gentle nudge built from word patterns, not a diagnosis; tests/test_traps_corpus.py
measures it on sentences written the way people write after a rejection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Trap:
    """One thinking trap found in a thought.

    ``name`` is the warm, plain name shown to the person; ``clinical`` the textbook term, shown
    at most as a small aside; ``words`` the matched phrases exactly as the person typed them.
    """

    name: str
    hint: str
    words: tuple[str, ...]
    clinical: str = ""


@dataclass(frozen=True)
class ThoughtCheck:
    """What the spotter made of a thought: the traps, or a general harshness, or neither."""

    traps: tuple[Trap, ...]
    harsh_words: tuple[str, ...]  # self-directed negative words when no specific trap matched

    @property
    def harsh_in_general(self) -> bool:
        """Negative about the self although no named trap matched: answer gently, never 'all clear'."""
        return not self.traps and bool(self.harsh_words)


# ---------------------------------------------------------------------------------------------
# Reading the words


_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019\u2018`´][A-Za-z]+)*|[.!?;:,\u2014\u2013()\"\u201c\u201d]| - ")

# Apostrophe-less and apostrophe spellings to their standard words (keys are lower case, with
# straight apostrophes). Ambiguous ones ("ill", "id", "wont") are handled in _expand.
_CONTRACTIONS: dict[str, str] = {
    "im": "i am", "i'm": "i am", "iam": "i am", "i'am": "i am",
    "ive": "i have", "i've": "i have", "i'd": "i would", "i'll": "i will",
    "cant": "can not", "can't": "can not", "cannot": "can not", "cnt": "can not",
    "dont": "do not", "don't": "do not", "doesnt": "does not", "doesn't": "does not",
    "didnt": "did not", "didn't": "did not", "isnt": "is not", "isn't": "is not",
    "wasnt": "was not", "wasn't": "was not", "arent": "are not", "aren't": "are not",
    "werent": "were not", "weren't": "were not", "won't": "will not",
    "wouldnt": "would not", "wouldn't": "would not", "couldnt": "could not", "couldn't": "could not",
    "shouldnt": "should not", "shouldn't": "should not", "havent": "have not", "haven't": "have not",
    "hasnt": "has not", "hasn't": "has not", "hadnt": "had not", "hadn't": "had not",
    "ain't": "am not", "aint": "am not",
    "should've": "should have", "shoulda": "should have", "shouldve": "should have",
    "could've": "could have", "coulda": "could have", "couldve": "could have",
    "would've": "would have", "woulda": "would have", "wouldve": "would have",
    "must've": "must have", "mustve": "must have",
    "they're": "they are", "theyre": "they are", "they'll": "they will", "theyll": "they will",
    "they'd": "they would", "theyd": "they would", "they've": "they have", "theyve": "they have",
    "you're": "you are", "youre": "you are", "we're": "we are",
    "he's": "he is", "she's": "she is", "it's": "it is", "its": "it is", "itz": "it is",
    "that's": "that is", "thats": "that is", "what's": "what is", "whats": "what is",
    "there's": "there is", "theres": "there is", "who's": "who is", "whos": "who is",
    "everyone's": "everyone is", "everyones": "everyone is", "everybody's": "everybody is",
    "nobody's": "nobody is", "nobodys": "nobody is", "no-one": "no one", "noone": "no one",
    "gonna": "going to", "gunna": "going to", "wanna": "want to", "gotta": "have to",
    "kinda": "kind of", "sorta": "sort of", "outta": "out of",
    "everytime": "every time", "every1": "everyone", "some1": "someone", "any1": "anyone",
    "u": "you", "ur": "your", "cuz": "because", "coz": "because", "cos": "because", "bc": "because",
    "becuase": "because", "becasue": "because", "beacuse": "because",
    "nevr": "never", "neva": "never", "nver": "never", "allways": "always", "alwys": "always",
    "alway": "always", "evry": "every", "evryone": "everyone", "evrything": "everything",
    "nothin": "nothing", "nuthin": "nothing", "nthing": "nothing", "anythin": "anything",
    "somethin": "something", "definately": "definitely", "defo": "definitely", "def": "definitely",
    "prob": "probably", "probs": "probably", "prolly": "probably", "obvs": "obviously",
    "realise": "realize", "realised": "realized", "recognise": "recognize",
    "stoopid": "stupid", "stupit": "stupid", "dum": "dumb", "idoit": "idiot", "idot": "idiot",
    "loosing": "losing", "looser": "loser", "fcking": "fucking", "fking": "fucking", "effing": "fucking",
    "freaking": "fucking", "frigging": "fucking", "bloody": "fucking", "sodding": "fucking",
    "tho": "though", "thru": "through", "wat": "what", "wut": "what", "y": "why",
    "unhireable": "unhirable", "unemployible": "unemployable",
    "imposter": "impostor", "phoney": "phony", "letdown": "let down",
}  # fmt: skip

# Key words long enough to be recognised one typo away (a swapped, missing, extra or wrong letter).
_FUZZY_VOCABULARY = (
    "failure", "useless", "worthless", "pathetic", "incompetent", "hopeless", "pointless",
    "unemployable", "unhirable", "embarrassment", "disappointment", "embarrassing", "humiliating",
    "humiliated", "inadequate", "everyone", "everybody", "nothing", "anything", "everything",
    "always", "never", "stupid", "idiot", "probably", "obviously", "definitely", "disaster",
    "impostor", "clueless", "terrible", "horrible", "rubbish", "mediocre", "interview",
    "ruined", "screwed", "messed", "should", "thought", "nobody", "better",
)  # fmt: skip
_FUZZY_BY_LENGTH: dict[int, tuple[str, ...]] = {}
for _word in _FUZZY_VOCABULARY:
    _FUZZY_BY_LENGTH.setdefault(len(_word), ())
    _FUZZY_BY_LENGTH[len(_word)] += (_word,)

# Real words that sit one letter from a key word and must stay themselves.
_NOT_TYPOS = frozenset(
    {"clever", "lever", "fever", "sever", "seven", "liked", "shoulder", "batter", "bitter", "letter",
     "getter", "setter", "nothings", "noting", "nobody", "idioms", "though", "thoughts", "messes",
     "messer", "screen", "ruins", "stupidly", "always", "sways", "nevermind", "ever", "even", "river"}
)  # fmt: skip


def _one_typo_away(word: str, target: str) -> bool:
    """True when ``word`` is ``target`` with one letter wrong, missing, extra, or two swapped."""
    if word == target:
        return True
    lw, lt = len(word), len(target)
    if abs(lw - lt) > 1:
        return False
    if lw == lt:
        diffs = [i for i in range(lw) if word[i] != target[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and word[diffs[0]] == target[diffs[1]]
            and word[diffs[1]] == target[diffs[0]]
        )
    shorter, longer = (word, target) if lw < lt else (target, word)
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1 :] == shorter:
            return True
    return False


def _mend_typo(word: str) -> str:
    if len(word) < 5 or word in _NOT_TYPOS or not word.isalpha():
        return word
    for length in (len(word), len(word) - 1, len(word) + 1):
        for target in _FUZZY_BY_LENGTH.get(length, ()):
            if len(target) >= 6 and _one_typo_away(word, target):
                return target
    return word


@dataclass(frozen=True)
class _Word:
    text: str  # the standard form
    start: int  # where the original word starts and ends in the thought
    end: int


_BREAK = "|"
_WILL_AFTER_ILL = frozenset("never always be not just end get probably ever die only fail".split())


def _read_words(thought: str) -> list[_Word]:
    """The thought as standard words (with clause breaks), each pointing back at the original."""
    raw = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(thought)]
    words: list[_Word] = []
    for index, (token, start, end) in enumerate(raw):
        if len(token) == 1 and token.isalpha() and token.lower() not in ("i", "a", "u", "y"):
            continue  # stray letters, e.g. from markup such as [b]: they join no pattern
        if not token[0].isalnum():
            if token not in "()\"\u201c\u201d":
                words.append(_Word(_BREAK, start, end))
            continue
        lowered = re.sub(r"['\u2019\u2018`´]", "'", token.lower())
        following = raw[index + 1][0].lower() if index + 1 < len(raw) else ""
        if lowered in ("ill", "i'll") and (lowered == "i'll" or following in _WILL_AFTER_ILL):
            standard = "i will"
        elif lowered in ("wont",) and following not in ("to",):
            standard = "will not"
        elif lowered in ("id", "i'd") and re.search(r"(?:ed|en|ne|ght|wn|un)$", following):
            standard = "i had"  # "if only I'd answered", "I'd known"
        elif lowered in ("id", "i'd"):
            standard = "i would"
        elif lowered in _CONTRACTIONS:
            standard = _CONTRACTIONS[lowered]
        elif lowered.endswith("'s") or lowered.endswith("'d"):
            standard = lowered[:-2]
        elif lowered.endswith("n't"):
            standard = lowered[:-3] + " not"
        else:
            standard = _mend_typo(lowered.replace("'", ""))
        if standard == "but":
            words.append(_Word(_BREAK, start, end))
            continue
        for part in standard.split():
            words.append(_Word(part, start, end))
    return words


# ---------------------------------------------------------------------------------------------
# The traps


_FILL = (
    r"(?:(?:just|so|such|really|completely|totally|utterly|truly|literally|absolutely|actually|"
    r"clearly|obviously|honestly|basically|simply|fucking|damn|pretty|quite|very|still|probably|"
    r"definitely|also|like|a|an|the|complete|total|massive|huge|big|utter|absolute|bit|little|"
    r"kind of|sort of|such a|all|even|ever|only|now|officially|seriously|genuinely|entirely|"
    r"always|forever|already|deeply|hopelessly|painfully|embarrassingly|incredibly|super|too|"
    r"sure|certain|and|just being|being|seem to be|must be|feel|felt) )*"
)
_ME = r"(?:i|me|myself)"
_BE = (
    r"i (?:am|was|will always be|will be|must be|might as well be|feel like|felt like|feel|felt|"
    r"look like|looked like|looked|look|came across as|come across as|sounded like|sound like|seem|"
    r"seemed|have become|have been|became|have always been|know i am|think i am|guess i am|"
    r"really am|am turning into|am becoming|would be|are|m)"
)
_LABEL_NOUN = (
    r"failure|loser|idiot|moron|fool|fraud|joke|mess|disaster|disappointment|embarrassment|"
    r"impostor|fake|phony|nobody|nothing|waste of space|waste of time|burden|let down|write off|"
    r"wreck|dud|clown|amateur|has been|dinosaur|reject|laughing stock|liability|lost cause|"
    r"charity case|nonentity|useless lump|idiot|dope|muppet|pillock|plonker|numpty|twit|dumbass|"
    r"dunce|failed|flop|embarrassing mess|hack|nobody special|waste"
)
_LABEL_ADJ = (
    r"stupid|dumb|useless|worthless|pathetic|incompetent|hopeless|clueless|inadequate|unemployable|"
    r"unhirable|rubbish|crap|crappy|terrible|awful|horrible|weak|lazy|thick|boring|unlikable|"
    r"unlikeable|unlovable|broken|defective|inferior|mediocre|second rate|dull|pitiful|dense|"
    r"unqualified|underqualified|garbage|trash|shit|shite|naive|gullible|ridiculous|laughable|"
    r"embarrassing|cringe|cringey|cringy|a wreck|a mess|past it|washed up|over the hill|"
    r"unwanted|invisible|forgettable|replaceable|disposable|deluded|delusional|"
    r"a waste|doomed|cursed|not good|no good|not good enough|good for nothing|"
    r"not smart|not clever|not bright|not talented|"
    r"not capable|not competent|not sharp|not cut out for|not made for|not meant for|"
    r"the worst|the problem|the weak link|the weakest|too old|too young|too slow|too stupid|too dumb|"
    r"too quiet|too nervous|too awkward|too junior|too inexperienced|too shy|too much|too weird|"
    r"too boring|too late|bad at|so bad|terrible at|awful at|hopeless at|useless at|rubbish at|crap at|"
    r"no good at|not good at|not good with|bad with|incapable|unfit|unworthy|undeserving|nothing special|"
    r"a nobody|fake|so far behind|way behind|not enough|insufficient|a failure"
)
_ENOUGH = r"(?:not|never|nowhere near|not nearly|not ever going to be) (?:\w+ )?(?:\w+ )?enough"
_THEY = (
    r"(?:they|he|she|the (?:panel|interviewer|interviewers|recruiter|hiring manager|manager|team|"
    r"company|boss|ceo|cto|director|lead|people|other candidates|hr|hr person)|hr|recruiters|employers|"
    r"everyone|everybody|people|the whole panel|all of them|whoever)"
)

# Each trap: warm name, clinical aside, the question it asks, and its patterns (standard words).
_TRAPS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "Calling yourself names",
        "labelling",
        "One outcome is turning into a name for you as a person. What would you call a friend in your place?",
        (
            rf"\b{_BE} {_FILL}(?:{_LABEL_NOUN}|{_LABEL_ADJ})\b",
            rf"\b{_BE} {_FILL}{_ENOUGH}",
            rf"\b(?:what|such) (?:a|an) {_FILL}(?:{_LABEL_NOUN}|{_LABEL_ADJ})\b",
            r"\b(?:stupid|dumb|pathetic|useless|silly|idiot|clueless|incompetent) (?:me|of me|idiot|fool)\b",
            rf"\bhow {_FILL}(?:stupid|dumb|pathetic|useless|incompetent|clueless|naive|embarrassing|awful|terrible) {_FILL}(?:i|of me)\b",
            rf"(?:^|\| )(?:so|such|completely|totally|really|utterly|just) {_FILL}(?:stupid|dumb|pathetic|useless|worthless|"
            rf"incompetent|clueless|hopeless|embarrassing|a failure|an idiot|a loser|a mess)\b",
            r"\b(?:idiot|moron|loser|pathetic|useless|worthless|incompetent|impostor|fraud|dumbass|numpty|muppet)\b",
            rf"\bi {_FILL}(?:suck|stink|am trash|am garbage|am rubbish)\b",
            rf"\bmade (?:a|an) {_FILL}(?:fool|idiot|mess|clown|joke) of myself\b",
            rf"\bmade myself look {_FILL}(?:stupid|like an idiot|like a fool|foolish|dumb|ridiculous)\b",
            rf"\b(?:looked|sounded|came across|come across|seemed) {_FILL}(?:as |like )?{_FILL}(?:stupid|dumb|like an idiot|like a fool|"
            r"incompetent|clueless|desperate|pathetic|useless|unprepared|lost|ridiculous|awful|terrible|nervous wreck)\b",
            r"\bi am (?:a )?(?:fucking |total |complete )?(?:joke|mess|disgrace)\b",
            rf"\b(?:my|the) (?:\w+ )?(?:answers?|cv|resume|portfolio|work|experience|skills?|code|presentation) "
            rf"(?:is|are|was|were) {_FILL}(?:rubbish|garbage|crap|shit|trash|pathetic|embarrassing|worthless|useless|a joke)\b",
        ),
    ),
    (
        "Judging your whole self",
        "global self-judgement",
        "This judges all of you from one process. What does it leave out about what you can do?",
        (
            rf"\b{_ME} {_FILL}(?:can not|could not|do not|never) {_FILL}(?:do|get) (?:anything|nothing|a single thing|one thing) {_FILL}right\b",
            rf"\b(?:can not|could not|never) {_FILL}(?:do|get) (?:anything|nothing|a single thing) {_FILL}right\b",
            rf"\bi {_FILL}(?:always |just |have )?{_FILL}(?:mess|screw|fuck|muck|cock)\w* (?:everything|things|it all) up\b",
            rf"\b(?:something|what) (?:is )?{_FILL}wrong with me\b",
            rf"\bwhat is {_FILL}the matter with me\b",
            rf"\b(?:i am|i was) (?:\w+ )?(?:not|never|just not) {_FILL}(?:cut out|made|meant|built) for\b",
            rf"\bi {_FILL}(?:do not|did not|will never|never) {_FILL}(?:deserve|belong|measure up|fit in|have what it takes)\b",
            rf"\bi {_FILL}(?:have|had|bring) {_FILL}nothing {_FILL}(?:to offer|of value|worth)\b",
            rf"\bi {_FILL}(?:am|was) {_FILL}(?:bad|terrible|awful|hopeless|useless|rubbish|crap|shit) at {_FILL}"
            r"(?:everything|anything|this|life|interviews?|interviewing|talking|my job|my work|people|jobs|all of it|it all)\b",
            rf"\bi {_FILL}(?:have |had )?{_FILL}(?:fail|fuck up|mess up|screw up|ruin|blow|botch)\w* {_FILL}(?:at )?(?:everything|anything|every single|every)\b",
            rf"\bi {_FILL}(?:am|was) {_FILL}(?:a )?(?:failure|mess|disaster) at {_FILL}(?:everything|life|this|interviews?|jobs?)\b",
            rf"\b(?:my|this whole|the whole) (?:career|life|cv|resume|experience|degree) is {_FILL}(?:a joke|worthless|a waste|a failure|a mess|meaningless|pointless|nothing)\b",
            rf"\bi am {_FILL}(?:the|a) {_FILL}(?:problem|reason|common factor|common denominator)\b",
            rf"\bi have {_FILL}(?:no|zero|nothing in the way of) {_FILL}(?:talent|skills?|ability|value|worth|chance|personality)\b",
            rf"\bno one {_FILL}(?:wants|would want|will want|wanted|would hire|will hire|likes|liked) {_FILL}(?:me|someone like me)\b",
            rf"\bnobody {_FILL}(?:wants|would want|will want|wanted|would hire|will hire|likes|liked) {_FILL}(?:me|someone like me)\b",
            rf"\b(?:i|me) {_FILL}(?:hate|despise|loathe|can not stand) myself\b",
            rf"\bi {_FILL}am {_FILL}not {_FILL}(?:good|smart|clever|talented|skilled|experienced|qualified|strong|bright|capable) {_FILL}enough\b",
            rf"\bi {_FILL}(?:do not|did not|never) {_FILL}have what it takes\b",
            rf"\bwho {_FILL}(?:would|will|could) {_FILL}(?:ever )?(?:want|hire|pick|choose) {_FILL}(?:me|someone like me)\b",
            rf"\bwhy {_FILL}would {_FILL}(?:anyone|anybody|they|someone) {_FILL}(?:want|hire|pick|choose) {_FILL}me\b",
        ),
    ),
    (
        "Stretching one 'no' into 'always'",
        "overgeneralising",
        "One 'no' is being stretched into a rule. Which part is about this one role, this one time?",
        (
            rf"\bi {_FILL}(?:always|never|constantly|keep) {_FILL}(?:fail|mess|screw|blow|choke|bomb|freeze|ruin|lose|get rejected|"
            r"get turned down|get ghosted|say the wrong|do this|do badly|fall apart|panic|come second|make|fuck|"
            r"get it wrong|get nervous|ramble|stumble|trip up|mess up|screw up|fall at|fall short|fall over|fluff|"
            r"disappoint|get|come|end up|lose out|miss out|let|stuff up)\w*\b",
            rf"\b(?:every|each) {_FILL}(?:single )?(?:time|interview|application|job|company|role|one of them|attempt|door)\b",
            rf"\b(?:this|it|that) {_FILL}(?:always|keeps on|keeps) {_FILL}(?:happens?|happening|going wrong|ends? like)\b",
            rf"\b(?:same|the same) (?:thing|story|result|outcome|mistake|answer|ending) {_FILL}(?:again|every time|as always|over and over)\b",
            r"\b(?:again and again|over and over|yet again|once again|as usual|like always|as always|story of my life)\b",
            rf"\bnever {_FILL}(?:get|make|pass|land|get past|get through|win|succeed|do|manage|go|work|good enough)\b",
            rf"\b(?:no|not one|not a single) {_FILL}(?:one|company|employer|job|interview|recruiter|place|team|application) "
            rf"{_FILL}(?:has |have |had |is |will |would )?{_FILL}(?:will|would|ever|is going to|wants|want|has ever|likes|called|replied|got back|"
            r"gotten back|got in touch|hires|hired|hiring|responded|answered|shown interest)\b",
            rf"\b(?:nothing|nobody|no one) {_FILL}(?:ever )?(?:works|work|worked|goes|went|wants|likes|hires|comes|came|"
            r"turns|will|is ever|ever|is hiring|is interested|is looking|cares|replies|responds)\b",
            rf"\b(?:all|every one) of (?:my|them|these|those) {_FILL}(?:applications?|interviews?|jobs?)? ?{_FILL}(?:fail|failed|go|went|end|ended|said no|rejected)\b",
            rf"\b(?:always|every time|everytime) {_FILL}(?:the same|so close|second|runner up|rejected|a no)\b",
            rf"\bi {_FILL}(?:never|can not ever) {_FILL}(?:get|catch|have) {_FILL}(?:a break|lucky|it right|anywhere|any)\b",
        ),
    ),
    (
        "Predicting the future",
        "fortune telling",
        "That's a prediction, not a fact. What do you actually know so far, for and against it?",
        (
            rf"\bi {_FILL}(?:will|would|am going to|am gonna|am ever going to) {_FILL}always be {_FILL}(?:unemployed|stuck|second|the one|rejected|a failure|behind|alone|broke|single|nothing|a nobody)\b",
            rf"\bi {_FILL}(?:will|would|am going to|am gonna|am ever going to) {_FILL}(?:never|not ever) {_FILL}"
            r"(?:get|find|land|be|make|pass|work|have|succeed|change|hear|manage|do|stop|fail|be able|going|win|"
            r"afford|recover|catch up|end up|feel|struggle|stay|come|amount|go|see|earn)\b",
            rf"\b(?:will|is going to|am going to|are going to|never going to|not going to) {_FILL}(?:end up|fail|happen again|be the same|be rejected|"
            r"get rejected|say no|reject me|go wrong|ghost me|be another|be like this|never end|be forever|be a no)\b",
            rf"\b(?:bound to|going to|sure to|destined to|doomed to|certain to) {_FILL}(?:fail|lose|be rejected|get rejected|mess|screw|blow|bomb|choke)\b",
            rf"\b(?:no one|nobody|no company|no employer|no recruiter|no one else) {_FILL}(?:will|is going to|are going to|would) {_FILL}(?:ever )?"
            r"(?:hire|want|take|call|pick|choose|give|employ|look at|consider|reply|get back|see|offer)\b",
            rf"\b(?:i know|i just know|i can tell|i bet|watch) {_FILL}(?:i|they|it|this|the next one) {_FILL}(?:will|am going to|are going to|is going to) {_FILL}"
            r"(?:never|not|fail|mess|screw|blow|bomb|be rejected|get rejected|reject|say no|happen again|go the same)\b",
            rf"\b(?:the next|my next|the rest|all the other|every other|the other) {_FILL}(?:one|ones|interview|interviews|application|applications|job|jobs|company|companies)? ?{_FILL}(?:will|are going to|is going to|would) {_FILL}(?:be the same|be another|be a no|be no different|be worse|be just as bad|go the same|say no|end the same|reject|fail|go badly|go wrong)\b",
            rf"\bnever {_FILL}(?:going to|gonna) {_FILL}(?:get|happen|find|work|land|be|make)\b",
            r"\b(?:forever|for ever|for the rest of my life|for good)\b",
            rf"\bi {_FILL}(?:will|am going to|am gonna) {_FILL}(?:be|get) {_FILL}found out\b",
            rf"\bthis is {_FILL}(?:how it|what it) {_FILL}(?:will|is going to) {_FILL}(?:be|always|go)\b",
        ),
    ),
    (
        "Losing hope",
        "hopelessness",
        "It can feel hopeless today. What is one small thing that is still in your hands this week?",
        (
            rf"\bwhat is {_FILL}(?:even )?the {_FILL}point\b",
            rf"\b(?:there is|is there|i see) {_FILL}(?:no|not any|zero|any) {_FILL}(?:point|hope|use|way out|chance)\b",
            r"\b(?:no|zero) (?:point|hope|chance)\b",
            r"\b(?:hopeless|pointless|futile|point less|no use)\b",
            rf"\bwhy {_FILL}(?:do|did|should|would) i {_FILL}(?:even |ever )?(?:bother|try|apply|keep|get my hopes)\b",
            rf"\bwhy {_FILL}bother\b",
            rf"\b(?:i|might as well|may as well|should just|i should) {_FILL}(?:just )?(?:give up|quit|stop trying|stop applying|throw in the towel|pack it in|call it quits)\b",
            rf"\b(?:i am|i feel) {_FILL}(?:done(?= \||$)|finished(?= \||$)|defeated|stuck forever|out of options|out of chances|at the end of my rope|at my wits end)\b",
            rf"\bit is {_FILL}(?:all over|over for me|so over|hopeless|never going to happen|not going to happen|no use|useless)\b",
            rf"\bnothing {_FILL}(?:will|is going to|is ever going to) {_FILL}(?:ever )?(?:change|get better|work|improve|happen)\b",
            rf"\b(?:it|things|this) {_FILL}(?:will|is going to|are going to) {_FILL}never {_FILL}(?:change|get better|work|improve|happen)\b",
            rf"\bi {_FILL}(?:can not|could not|will not be able to) {_FILL}(?:do this|keep doing this|keep going|take (?:this|it|any more)|go on|cope)\b",
            rf"\b(?:i have|there is) {_FILL}(?:no|nothing left|zero) {_FILL}(?:future|hope|options|chance|way)\b",
            rf"\bi {_FILL}(?:give up|quit|am giving up|am quitting|want to give up|want to quit)\b",
            rf"\bi {_FILL}(?:will|am going to|am) {_FILL}(?:never|not ever) {_FILL}(?:going to )?(?:get|find|land|be|work|have|make)\b",
            rf"\bi {_FILL}(?:am|will be|will stay|will die) {_FILL}(?:unemployed|jobless|stuck here|stuck) {_FILL}(?:forever|for ever|for good|the rest of my life)\b",
        ),
    ),
    (
        "Measuring yourself against others",
        "comparison",
        "You're comparing your inside with everyone else's outside. What would be a fair comparison: you, a month ago?",
        (
            rf"\b(?:everyone|everybody|all the others|all the other candidates|other people|"
            rf"my friends|my peers|my classmates|people my age|people younger than me|the rest of them) {_FILL}(?:else )?{_FILL}(?:is|are|was|were|seems?|seem to be|has|have|had|got|gets|"
            rf"manages?|finds?|found|can|is doing|are doing|knows?|already|landed|lands?) {_FILL}"
            r"(?:better|smarter|further|ahead|jobs?|offers?|hired|a job|so much|somewhere|getting|easily|"
            r"married|promoted|employed|succeeding|doing well|doing great|figured|sorted|settled|more qualified|"
            r"more talented|more confident|more to offer|moving on|moving up)\b",
            r"\b(?:everyone|everybody) else\b",
            rf"\b(?:even )?my {_FILL}(?:\w+ )?(?:brother|sister|friend|friends|cousin|cousins|classmates|flatmate|housemate|"
            rf"partner|wife|husband|ex|peers|mates|kids|son|daughter|neighbour|neighbor) {_FILL}(?:has|have|had|got|is|are|makes|earns) {_FILL}"
            r"(?:a |an )?(?:better|bigger|real|proper|good|great|higher) (?:job|career|salary|offer|position|title|paycheck|pay)\b",
            r"\b(?:better|smarter|sharper|cleverer|more (?:qualified|talented|polished|confident)) than (?:me|i am|i will ever be|i ever)\b",
            rf"\bi am {_FILL}(?:so |way |far |miles |years )?(?:behind|worse than|less than|not as good as|nowhere near) {_FILL}(?:everyone|everybody|my|the|other|people|them|all)\b",
            rf"\b(?:compared to|compared with|next to) {_FILL}(?:everyone|everybody|them|other|the other|people|him|her)\b",
            rf"\b(?:all|most) (?:of )?my {_FILL}(?:friends|peers|classmates|mates|colleagues|cohort) {_FILL}(?:have|are|got|already)\b",
            rf"\bwhy {_FILL}(?:can|do|does|did) {_FILL}(?:everyone|everybody|other people|others|they all)\b",
            rf"\bwhy {_FILL}(?:is it|am i) {_FILL}(?:always )?(?:just )?(?:only )?(?:me|the only one)\b",
            rf"\b(?:i am|i was|i feel like) {_FILL}the only one\b",
        ),
    ),
    (
        "Guessing what they thought",
        "mind reading",
        "You can't know what they were thinking, and hiring decisions carry reasons you are never told.",
        (
            rf"\b{_THEY} {_FILL}(?:must|probably|clearly|obviously|definitely|surely|all|could|could just|just|so|totally|have)? ?"
            rf"{_FILL}(?:have )?(?:hated|hate|laughed|laugh|could tell|can tell|"
            r"judged|pitied|felt sorry|were bored|was bored|got bored|"
            r"saw through|see through|saw right through|found me|did not like|do not like|disliked|"
            r"were not impressed|was not impressed|were unimpressed|was unimpressed|were laughing|was laughing|"
            r"wanted me gone|could not wait|were embarrassed|was embarrassed|rolled|regretted|"
            r"wrote me off|had already decided|made up their minds|will think|are going to think|were just being|"
            r"was just being|only said|only interviewed|only invited|thinks? i am|thought i was|think of me|talk about me|"
            r"are talking|were talking|were judging|was judging|are judging|will laugh|would laugh|must think|must hate)\w*\b",
            rf"\b{_THEY} {_FILL}(?:must|probably|clearly|obviously|definitely|surely|all|could just|just|totally) {_FILL}(?:have )?"
            r"(?:thought|think|knew|know|saw|see|noticed|realized|figured|decided|found|wanted|felt|could see)\b",
            rf"\b{_THEY} {_FILL}(?:thought|think|thinks|knew|know|knows|saw|see|sees|noticed|realized|figured|decided|found|felt) "
            rf"{_FILL}(?:that )?(?:i am|i was|me|i had|i did|i could|i would|i will|my|i have|i do not|i can not|i)\b",
            rf"\bthey {_FILL}(?:hated|disliked|could not stand|were put off by|did not rate|were sick of) {_FILL}(?:me|my)\b",
            rf"\b(?:i could|i can|you could) {_FILL}(?:tell|see|sense) {_FILL}(?:they|he|she|the|that they|that he|that she|in their)\b",
            rf"\b(?:they|he|she) {_FILL}(?:was|were) {_FILL}(?:just )?(?:being )?(?:polite|nice|kind)\b",
            rf"\bit {_FILL}(?:was|is) {_FILL}obvious {_FILL}(?:they|he|she|that they|that he|that she|that the)\b",
            rf"\b(?:must|probably|clearly|obviously) {_FILL}(?:think|thought|see|saw) (?:me|i am|i was|that i)\b",
            rf"\b(?:they|he|she|the \w+) {_FILL}(?:looked|seemed|sounded) {_FILL}(?:bored|annoyed|disappointed|unimpressed|embarrassed|irritated|disgusted)\b",
            rf"\b(?:they|he|she) {_FILL}(?:will|would|must|probably) {_FILL}(?:remember|blacklist|never|not) {_FILL}(?:me|hire|want|consider|call)\b",
        ),
    ),
    (
        "Making it a disaster",
        "catastrophising",
        "This feels huge today. Will it still matter this much in a month, or in a year?",
        (
            r"\b(?:ruined|ruins|ruin|disaster|disastrous|catastroph\w*|catastrophic|end of the world|nightmare|"
            r"doomed|destroyed|devastated|devastating|humiliat\w*|mortif\w*|train ?wreck|car ?crash|dumpster fire|"
            r"trainwreck|shipwreck|apocalypse|falling apart|fell apart|crashed and burned|going under|rock bottom|"
            r"screwed|totally screwed|fucked|over for me|throwing my life away|my life is over|life is over|"
            r"worst day|worst interview|worst thing|worst ever|worst of all|the worst|never recover|can not recover|"
            r"lose everything|lose the house|lose my house|end up homeless|be homeless|end up broke|on the street|"
            r"cripple|crippled|disgrace|disgraced|unbearable|unfixable|irreparable|beyond repair)\b",
            rf"\bmy {_FILL}(?:career|life|future|chances?|reputation|name) (?:is|are|was|were|has been|will be|is now) {_FILL}"
            r"(?:over|finished|done|dead|gone|ruined|destroyed|wrecked|toast|shot|in tatters|in ruins|a joke)\b",
            rf"\b(?:it|this|that|everything) is {_FILL}(?:all over|over for me|falling apart|collapsing|a disaster|the end)\b",
            rf"\b(?:i am|we are|i will be) {_FILL}(?:finished|done for|ruined|screwed|doomed|toast|dead in the water|broke)\b",
            rf"\bi {_FILL}(?:have |had )?(?:wasted|threw away|thrown away|blew|blown|ruined|wrecked) {_FILL}(?:years|everything|my {_FILL}(?:\w+ )?(?:chance|shot|career|life|future|degree|years))\b",
            rf"\bmy {_FILL}(?:only|one|last|one and only|big) {_FILL}(?:chance|shot|hope)\b",
            r"\b(?:only|last) chance\b",
        ),
    ),
    (
        "Taking all the blame",
        "personalisation",
        "Many things you never see shape a decision. What else might have played a part?",
        (
            rf"\b(?:all|entirely|totally|completely|100%)? ?{_FILL}my {_FILL}(?:own )?fault\b",
            rf"\b(?:because of|down to|thanks to) {_FILL}(?:me|my|myself)\b",
            rf"\bi {_FILL}(?:blew|bombed|choked|tanked|botched|fluffed|flubbed|fumbled|wrecked|ruined|sabotaged|"
            rf"screwed|messed|fucked|cocked|mucked|stuffed|ballsed|bungled)\w* {_FILL}"
            r"(?:it|up|that|this|the|my|everything|myself|them|on|in|at|out|away)\b",
            rf"\bi {_FILL}(?:blew|bombed|choked|tanked|botched|fluffed|flubbed|fumbled|screwed up|messed up|fucked up|cost myself)\b",
            rf"\b(?:if only|if) {_FILL}i {_FILL}(?:had|would have|could have|was|were|did|had not|had just|had been|did not)\b",
            rf"\bi {_FILL}(?:did|do) {_FILL}this to myself\b",
            rf"\bi {_FILL}(?:only )?have {_FILL}myself to blame\b",
            rf"\b(?:who|what) else {_FILL}(?:is|could) {_FILL}(?:there )?to blame\b",
            rf"\bi {_FILL}(?:let|have let) {_FILL}(?:everyone|everybody|my family|my partner|my kids|my parents|them|my mum|my mom|my dad|myself|people) {_FILL}down\b",
            rf"\bi {_FILL}(?:am|was) {_FILL}(?:to blame|the reason|why they|why we|responsible for)\b",
            rf"\b(?:it|this|that) {_FILL}(?:was|is) {_FILL}(?:all )?(?:on me|down to me|my doing|because i)\b",
            rf"\bi {_FILL}(?:made|make) {_FILL}(?:a|such a|the|so many) {_FILL}(?:mess|fool|mistakes|hash|pig s ear|stupid mistake|dumb mistake|idiotic)\b",
        ),
    ),
    (
        "Should-ing yourself",
        "should statements",
        "'Should' piles on pressure without helping. What would you like to try next time instead?",
        (
            rf"\b(?:i )?(?:should|ought to|must|could) {_FILL}(?:not )?have {_FILL}(?:known|done|said|been|prepared|seen|asked|got|gotten|practised|practiced|"
            r"applied|studied|answered|talked|listened|stayed|left|taken|stopped|shut up|kept|spent|researched|checked|"
            r"read|worn|slept|thought|gone|tried|mentioned|explained|realized|anticipated|nailed|aced|had|spoken|"
            r"started|finished|worked|learned|learnt|put|made|given|picked|used|shown|sounded|looked|planned)\b",
            rf"\b(?:i )?(?:should|shouldnt|should not|ought to) {_FILL}(?:have|of) {_FILL}\w+",
            rf"\bi {_FILL}(?:should|must|ought to|need to|have to) {_FILL}(?:be|have been) {_FILL}(?:better|further|stronger|smarter|"
            r"sharper|employed|working|hired|past this|over this|able|more|doing better|perfect|flawless|on top)\b",
            rf"\bby now {_FILL}i {_FILL}(?:should|ought|must|would)\b",
            rf"\b(?:i|me) {_FILL}(?:should|ought to) {_FILL}(?:know|be|have) {_FILL}(?:better|this|by now|it|more|already)\b",
            rf"\bat my age {_FILL}i\b",
            rf"\bi {_FILL}(?:was|am) {_FILL}(?:supposed|meant) to {_FILL}(?:be|have|know|get|nail|ace)\b",
            rf"\bwhy {_FILL}(?:did|do|could|would|did not|could not|can not) i {_FILL}(?:not )?(?:just )?\w+",
            rf"\bwhy {_FILL}(?:am i|was i|i am|i was) {_FILL}(?:so|such|not|always|never|still|the)\b",
            rf"\bi {_FILL}(?:have to|must|need to) {_FILL}(?:be perfect|get every|never|not make|not mess|not screw|ace|nail every)\b",
            rf"\bshould {_FILL}(?:be|have been) {_FILL}(?:easy|simple|a given|in the bag|mine|a sure thing|an easy)\b",
        ),
    ),
    (
        "Brushing off what went well",
        "discounting the positive",
        "Something went well and is being waved away. Would you wave it away if a friend did it?",
        (
            rf"\b(?:just|only|pure|sheer|dumb|blind) {_FILL}(?:luck|lucky|a fluke|fluke|chance)\b",
            rf"\b(?:was|were|got|it) {_FILL}(?:lucky(?! to)|luck|a fluke|a mistake|an accident|a pity|charity|box ticking|a formality)\b",
            rf"\b(?:does|do|did|will|would) not {_FILL}(?:really )?count\b(?! against| towards| toward| for)",
            rf"\b(?:anyone|anybody|any idiot|a monkey|a child) {_FILL}(?:could|can|would) {_FILL}(?:have|do|get)\b",
            rf"\b(?:only|just) {_FILL}(?:got|made|reached|passed|interviewed|shortlisted|picked|chosen|invited|called)"
            rf" {_FILL}(?:it|me|because|through|there|to|that far|this far|the|by)\b",
            rf"\bonly because {_FILL}(?:they|he|she|of|it|i|the)\b",
            rf"\b(?:they|he|she) {_FILL}(?:only|just) {_FILL}(?:said|says|wrote|invited|interviewed|called|complimented|praised)\b",
            r"\b(?:so what|big deal|who cares)\b",
            rf"\b(?:that|it) {_FILL}(?:was|is) {_FILL}(?:nothing|no big deal|not a big deal|not an achievement|not impressive)\b",
            rf"\b(?:was|is) {_FILL}(?:the easy part|the easy bit|a fluke|nothing special|not a real achievement)\b",
            rf"\b(?:getting|reaching|making) {_FILL}(?:to )?(?:the )?(?:final|second|third|last|interview|shortlist)\w* {_FILL}(?:means|meant|counts|counted|is|was) {_FILL}(?:nothing|not)\b",
            rf"\b(?:almost|nearly|so close|close|second place|runner up) {_FILL}(?:does not|is not|does nt|counts? for|means?) {_FILL}(?:count|nothing|anything|good enough|enough|matter)\b",
        ),
    ),
)

# A clause that denies the trap it contains is the fairer thought the step is asking for.
_DENIAL = re.compile(
    r"\b(?:does not mean|did not mean|will not mean|not mean|does not make me|did not make me|not make me|"
    r"does not prove|did not prove|not prove|is not true|not true that|stop telling myself|instead of|"
    r"rather than|no longer|used to think|not that|even if|does not say|nothing to do with|is not proof|"
    r"not proof|not because|does not have to|not necessarily|not everything|not always|not all|"
    r"does not change|does not define|not define)\b"
)
# "I'm not a failure", "I am not useless": a label that is denied, not asserted.
_DENIED_LABEL = re.compile(
    r"\b(?:i am|i was|i will|am|was|is|not) (?:not|never|no longer|far from|hardly|anything but) (?:a |an |the )?(?:\w+ )?$"
)


def _compiled() -> tuple[tuple[str, str, str, tuple[re.Pattern[str], ...]], ...]:
    return tuple(
        (name, clinical, hint, tuple(re.compile(p) for p in patterns)) for name, clinical, hint, patterns in _TRAPS
    )


_COMPILED = _compiled()

_SELF = re.compile(r"\b(?:i|me|my|myself|mine)\b")
_NEGATIVE = re.compile(  # judging oneself or what one did: not feelings ("sad", "nervous"), which are fair
    r"\b(?:worse|worst|wrong|hate|hated|failed|fail|failing|terrible|terribly|awful|awfully|horrible|horribly|"
    r"embarrass\w*|ashamed|shame|shameful|stupid|dumb|suck|sucked|sucks|crap|mess|messed|pathetic|"
    r"useless|weak|idiot|idiotic|fool|foolish|blew|bombed|choked|tanked|froze|blanked|"
    r"cringe\w*|regret|no good|not good enough|unprepared|clumsy|sloppy|lame|incapable|"
    r"humiliat\w*|angry at myself|furious with myself|disgusted|let down|letdown|floundered|flopped|"
    r"dismal|dreadful|lousy|mediocre|naff|disaster|ridiculous|laughable|fake|loser|failure|stupidly)\b"
)


def _span_text(thought: str, words: list[_Word], first: int, last: int) -> str:
    return " ".join(thought[words[first].start : words[last].end].split())


def check_thought(thought: str) -> ThoughtCheck:
    """The traps in ``thought`` (in a stable order), or the self-directed harsh words if none."""
    words = _read_words(thought)
    if not words:
        return ThoughtCheck((), ())
    # The standard text, and which word each character belongs to.
    pieces: list[str] = []
    owner: list[int] = []
    for index, word in enumerate(words):
        if pieces:
            pieces.append(" ")
            owner.append(index)
        pieces.append(word.text)
        owner.extend([index] * len(word.text))
    standard = "".join(pieces)

    def quoted(start: int, end: int) -> str:
        first, last = owner[start], owner[max(start, end - 1)]
        while first <= last and words[first].text == _BREAK:
            first += 1
        while last >= first and words[last].text == _BREAK:
            last -= 1
        return _span_text(thought, words, first, last) if first <= last else ""

    def clause_before(start: int) -> str:
        head = standard[:start]
        cut = head.rfind(_BREAK)
        return head[cut + 1 :] if cut >= 0 else head

    def clause_around(start: int, end: int) -> str:
        tail = standard[end:]
        cut = tail.find(_BREAK)
        return clause_before(start) + standard[start:end] + (tail[:cut] if cut >= 0 else tail)

    traps: list[Trap] = []
    for name, clinical, hint, patterns in _COMPILED:
        matched: dict[str, int] = {}
        for pattern in patterns:
            for match in pattern.finditer(standard):
                start, end = match.span()
                if _BREAK in standard[start:end].replace(" | ", "|").strip("|"):
                    # A pattern that reaches over a clause break only counts up to the break.
                    end = start + standard[start:end].index(_BREAK)
                    if end - start < 3:
                        continue
                before = clause_before(start)
                if _DENIAL.search(before) or _DENIAL.search(clause_around(start, end).replace(standard[start:end], "", 1)):
                    continue
                if _DENIED_LABEL.search(before + " ") and name in ("Calling yourself names", "Judging your whole self"):
                    continue
                text = quoted(start, end)
                if text and text not in matched:
                    matched[text] = start
        if matched:
            in_order = tuple(sorted(matched, key=matched.__getitem__))
            traps.append(Trap(name, hint, _without_overlaps(in_order), clinical))
    if traps:
        return ThoughtCheck(tuple(traps), ())
    harsh: dict[str, None] = {}
    if _SELF.search(standard):
        for clause in standard.split(_BREAK):
            if not _SELF.search(clause) or _DENIAL.search(clause):
                continue
            offset = standard.find(clause)
            for match in _NEGATIVE.finditer(clause):
                text = quoted(offset + match.start(), offset + match.end())
                if text:
                    harsh[text] = None
    return ThoughtCheck((), tuple(harsh))


def _without_overlaps(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Keep the longest phrases: 'so stupid' already says 'stupid'."""
    kept: list[str] = []
    for phrase in sorted(phrases, key=len, reverse=True):
        if not any(phrase.lower() in other.lower() for other in kept):
            kept.append(phrase)
    return tuple(sorted(kept, key=phrases.index))


def find_traps(thought: str) -> list[Trap]:
    """The traps whose tell-tale words appear in ``thought``, in a stable order."""
    return list(check_thought(thought).traps)
