/* The weighted edit distance of fusion's phoneme alignment, compiled.
 *
 * Why: scoring a candidate is dominated by this small dynamic programme (a few hundred
 * cells per pair of name parts); in Python it costs tens of microseconds per pair of
 * parts. This module computes exactly what _phonemes.similarity's loop computes, from
 * the same constants (handed over once by configure()), and the Python loop remains the
 * reference and the fallback when no compiler was at hand (setup.py builds this module
 * as optional). tests/unit/fusion/test_alignment.py holds the two equal.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#define MAX_PHONEMES 64
#define MAX_SYMBOLS 256

static double near_cost[MAX_PHONEMES][MAX_PHONEMES];
static int phoneme_count = 0;
static uint64_t consonant_mask, vowel_mask, semivowel_mask, weak_flag, also_s_flag, s_bit;
static uint64_t also_soft_dt_flag, soft_dt_bits;
static double vowel_sub, faint_vowel_cost, strict_factor, semivowel_for_vowel;
static int configured = 0;

static double substitution(uint64_t a, uint64_t b) {
    if (a & b & (consonant_mask | vowel_mask)) return 0.0;
    int a_vowel = (a & vowel_mask) != 0, b_vowel = (b & vowel_mask) != 0;
    if (a_vowel && b_vowel) return ((a | b) & weak_flag) ? faint_vowel_cost : vowel_sub;
    double best = 1.0;
    for (int x = 0; x < phoneme_count; x++) {
        if (!(a >> x & 1)) continue;
        for (int y = 0; y < phoneme_count; y++) {
            if ((b >> y & 1) && near_cost[x][y] < best) best = near_cost[x][y];
        }
    }
    uint64_t consonant = a_vowel ? b : a;
    if (a_vowel != b_vowel && (consonant & consonant_mask & ~semivowel_mask) == 0) {
        if (semivowel_for_vowel < best) best = semivowel_for_vowel;
    }
    return best;
}

static double sub_cost(uint64_t a, uint64_t b, int strict) {
    if (!strict) {
        if (a & also_s_flag) a |= s_bit;
        if (b & also_s_flag) b |= s_bit;
        if (a & also_soft_dt_flag) a |= soft_dt_bits;
        if (b & also_soft_dt_flag) b |= soft_dt_bits;
    }
    double cost = substitution(a, b);
    if (strict && cost != 0.0 && !((a | b) & vowel_mask)) cost *= strict_factor;
    return cost;
}

static int read_symbols(PyObject *seq, uint64_t *out, Py_ssize_t *n) {
    PyObject *fast = PySequence_Fast(seq, "expected a sequence of symbols");
    if (!fast) return -1;
    *n = PySequence_Fast_GET_SIZE(fast);
    if (*n > MAX_SYMBOLS) {
        Py_DECREF(fast);
        PyErr_SetString(PyExc_ValueError, "too many symbols");
        return -1;
    }
    for (Py_ssize_t i = 0; i < *n; i++) {
        out[i] = PyLong_AsUnsignedLongLong(PySequence_Fast_GET_ITEM(fast, i));
        if (PyErr_Occurred()) { Py_DECREF(fast); return -1; }
    }
    Py_DECREF(fast);
    return 0;
}

static int read_costs(PyObject *seq, double *out, Py_ssize_t n) {
    PyObject *fast = PySequence_Fast(seq, "expected a sequence of costs");
    if (!fast) return -1;
    if (PySequence_Fast_GET_SIZE(fast) != n) {
        Py_DECREF(fast);
        PyErr_SetString(PyExc_ValueError, "costs and symbols differ in length");
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        out[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, i));
        if (PyErr_Occurred()) { Py_DECREF(fast); return -1; }
    }
    Py_DECREF(fast);
    return 0;
}

/* distance(a, b, del_a, del_b, strict, give_up) -> float; -1.0 once every cell of a row
 * costs more than give_up (the caller reports a similarity of 0 then). */
static PyObject *distance(PyObject *self, PyObject *args) {
    PyObject *pa, *pb, *pda, *pdb;
    int strict;
    double give_up;
    if (!PyArg_ParseTuple(args, "OOOOpd", &pa, &pb, &pda, &pdb, &strict, &give_up)) return NULL;
    if (!configured) {
        PyErr_SetString(PyExc_RuntimeError, "configure() first");
        return NULL;
    }
    uint64_t a[MAX_SYMBOLS], b[MAX_SYMBOLS];
    double del_a[MAX_SYMBOLS], del_b[MAX_SYMBOLS], previous[MAX_SYMBOLS + 1],
        current[MAX_SYMBOLS + 1];
    Py_ssize_t na, nb;
    if (read_symbols(pa, a, &na) < 0 || read_symbols(pb, b, &nb) < 0) return NULL;
    if (read_costs(pda, del_a, na) < 0 || read_costs(pdb, del_b, nb) < 0) return NULL;
    previous[0] = 0.0;
    for (Py_ssize_t j = 0; j < nb; j++) previous[j + 1] = previous[j] + del_b[j];
    for (Py_ssize_t i = 0; i < na; i++) {
        double left = previous[0] + del_a[i];
        double lowest = left;
        current[0] = left;
        for (Py_ssize_t j = 0; j < nb; j++) {
            double diagonal = previous[j] + sub_cost(a[i], b[j], strict);
            double up = previous[j + 1] + del_a[i];
            left = left + del_b[j];
            double best = diagonal < up ? diagonal : up;
            left = best < left ? best : left;
            current[j + 1] = left;
            if (left < lowest) lowest = left;
        }
        for (Py_ssize_t j = 0; j <= nb; j++) previous[j] = current[j];
        if (lowest > give_up) return PyFloat_FromDouble(-1.0);
    }
    return PyFloat_FromDouble(previous[nb]);
}

/* configure(near, masks, costs): near is a list of phoneme_count * phoneme_count costs;
 * masks = (consonant, vowel, semivowel, weak, also_s, s_bit, also_soft_dt, soft_dt);
 * costs = (vowel_sub,
 * faint_vowel_cost, strict, semivowel_for_vowel). */
static PyObject *configure(PyObject *self, PyObject *args) {
    PyObject *near;
    unsigned long long m[8];
    double c[4];
    if (!PyArg_ParseTuple(args, "O(KKKKKKKK)(dddd)", &near, &m[0], &m[1], &m[2], &m[3], &m[4],
                          &m[5], &m[6], &m[7], &c[0], &c[1], &c[2], &c[3]))
        return NULL;
    PyObject *fast = PySequence_Fast(near, "near must be a sequence");
    if (!fast) return NULL;
    Py_ssize_t size = PySequence_Fast_GET_SIZE(fast);
    int count = 0;
    while (count * count < size) count++;
    if (count * count != size || count > MAX_PHONEMES) {
        Py_DECREF(fast);
        PyErr_SetString(PyExc_ValueError, "near must be a square table of costs");
        return NULL;
    }
    for (int x = 0; x < count; x++) {
        for (int y = 0; y < count; y++) {
            near_cost[x][y] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, x * count + y));
        }
    }
    Py_DECREF(fast);
    if (PyErr_Occurred()) return NULL;
    phoneme_count = count;
    consonant_mask = m[0]; vowel_mask = m[1]; semivowel_mask = m[2];
    weak_flag = m[3]; also_s_flag = m[4]; s_bit = m[5];
    also_soft_dt_flag = m[6]; soft_dt_bits = m[7];
    vowel_sub = c[0]; faint_vowel_cost = c[1]; strict_factor = c[2]; semivowel_for_vowel = c[3];
    configured = 1;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"distance", distance, METH_VARARGS, "Weighted edit distance of two symbol sequences."},
    {"configure", configure, METH_VARARGS, "Hand over the phoneme costs."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_alignc", "Fusion's phoneme alignment, compiled.", -1, methods,
};

PyMODINIT_FUNC PyInit__alignc(void) { return PyModule_Create(&module); }
