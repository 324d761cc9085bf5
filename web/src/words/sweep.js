// words/sweep.js: the words of sweeps, publicity and gatherings (../i18n-sweep.js), added to the
// UI's messages when the first page, component or helper that shows them is loaded: each of those
// imports this file.
import words from '../i18n-sweep.js'
import { addWords } from '../i18n.js'

addWords(words)
