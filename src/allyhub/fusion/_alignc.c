/* The weighted edit distance of fusion's phoneme alignment, compiled.
 *
 * Why: scoring a candidate is dominated by this small dynamic programme (a few hundred
 * cells per pair of name parts); in Python it costs tens of microseconds per pair of
 * parts. This module computes exactly what _phonemes.similarity's loop computes, from
 * the same constants (handed over once by configure()), and the Python loop remains the
 * reference and the fallback when no compiler was at hand (setup.py builds this module
 * as optional). tests/unit/fusion/test_alignment.py holds the two equal.
 *
 * gather() is the name index's hot loop (blocking.NameIndex._candidate_slots): adding
 * each block key's weight to the entities filed under it, then listing the distinct
 * entities touched. In numpy that is a dozen calls per key, each costing more than the
 * arithmetic; the numpy code remains the reference and the fallback
 * (tests/unit/fusion/test_blocking.py holds the two equal).
 *
 * rank() follows gather(): it turns the sums into the candidates' values, leaves out the
 * entities removed or of an incompatible kind, and keeps the best few, in one pass
 * instead of ten calls into numpy on arrays of a few thousand (same tests).
 *
 * locate() finds a query's block keys among the index's millions: numpy's binary search
 * misses the CPU's caches on most of its last steps once the keys outgrow them (23-34 us
 * for a query's 40 keys among 4M). A directory by the keys' top bits (the keys are hashes,
 * spread evenly) gives each key's range of a few entries at once: two cache misses
 * instead of eight. np.searchsorted remains the reference and the fallback (same tests).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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


/* Sort n slots ascending: insertion sort when few, else three passes of 11-bit radix. */
static int sort_slots(uint32_t *slots, Py_ssize_t n) {
    if (n <= 48) {
        for (Py_ssize_t i = 1; i < n; i++) {
            uint32_t x = slots[i];
            Py_ssize_t j = i;
            while (j > 0 && slots[j - 1] > x) { slots[j] = slots[j - 1]; j--; }
            slots[j] = x;
        }
        return 0;
    }
    uint32_t *other = PyMem_Malloc((size_t)n * sizeof(uint32_t));
    if (!other) { PyErr_NoMemory(); return -1; }
    Py_ssize_t counts[2048];
    uint32_t *from = slots, *to = other;
    for (int shift = 0; shift < 33; shift += 11) {
        memset(counts, 0, sizeof(counts));
        for (Py_ssize_t i = 0; i < n; i++) counts[(from[i] >> shift) & 2047]++;
        Py_ssize_t sum = 0;
        for (int d = 0; d < 2048; d++) { Py_ssize_t c = counts[d]; counts[d] = sum; sum += c; }
        for (Py_ssize_t i = 0; i < n; i++) to[counts[(from[i] >> shift) & 2047]++] = from[i];
        uint32_t *swap = from; from = to; to = swap;
    }
    /* three passes: the sorted slots are in `other` */
    memcpy(slots, from, (size_t)n * sizeof(uint32_t));
    PyMem_Free(other);
    return 0;
}

/* gather(scratch, postings, weights) -> (slots, sums): adds weights[k] to scratch[s] for
 * every slot s of postings[k] (uint32 buffers), in order, as numpy's scratch[p] += w does;
 * returns the distinct slots touched, ascending, as uint32 bytes, their sums as float64
 * bytes, and sets those cells of scratch (float64, all 0 beforehand) back to 0. Weights
 * must be > 0: a cell still at 0 is one not touched yet. */
static PyObject *gather(PyObject *self, PyObject *args) {
    PyObject *pscratch, *postings, *weights;
    if (!PyArg_ParseTuple(args, "OO!O!", &pscratch, &PyList_Type, &postings, &PyList_Type,
                          &weights))
        return NULL;
    Py_ssize_t keys = PyList_GET_SIZE(postings);
    if (PyList_GET_SIZE(weights) != keys) {
        PyErr_SetString(PyExc_ValueError, "postings and weights differ in length");
        return NULL;
    }
    Py_buffer scratch;
    if (PyObject_GetBuffer(pscratch, &scratch, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return NULL;
    PyObject *result = NULL;
    uint32_t *slots = NULL;
    double *sums = NULL;
    Py_ssize_t found = 0, capacity = 0;
    if (scratch.itemsize != 8 || scratch.format == NULL || strchr(scratch.format, 'd') == NULL) {
        PyErr_SetString(PyExc_TypeError, "scratch must hold float64");
        goto done;
    }
    double *cells = (double *)scratch.buf;
    Py_ssize_t size = scratch.len / 8;
    Py_buffer *views = PyMem_Calloc((size_t)(keys ? keys : 1), sizeof(Py_buffer));
    if (!views) { PyErr_NoMemory(); goto done; }
    Py_ssize_t held = 0;
    for (; held < keys; held++) {
        if (PyObject_GetBuffer(PyList_GET_ITEM(postings, held), &views[held],
                               PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
            goto release;
        if (views[held].itemsize != 4) {
            PyBuffer_Release(&views[held]);
            PyErr_SetString(PyExc_TypeError, "postings must hold uint32");
            goto release;
        }
        capacity += views[held].len / 4;
    }
    slots = PyMem_Malloc((size_t)(capacity ? capacity : 1) * sizeof(uint32_t));
    if (!slots) { PyErr_NoMemory(); goto release; }
    for (Py_ssize_t k = 0; k < keys; k++) {
        double weight = PyFloat_AsDouble(PyList_GET_ITEM(weights, k));
        if (weight == -1.0 && PyErr_Occurred()) goto release;
        if (!(weight > 0.0)) {
            PyErr_SetString(PyExc_ValueError, "weights must be > 0");
            goto release;
        }
        const uint32_t *posting = (const uint32_t *)views[k].buf;
        Py_ssize_t count = views[k].len / 4;
        for (Py_ssize_t i = 0; i < count; i++) {
            uint32_t slot = posting[i];
            if ((Py_ssize_t)slot >= size) {
                PyErr_SetString(PyExc_IndexError, "slot beyond scratch");
                goto release;
            }
            if (cells[slot] == 0.0) slots[found++] = slot;
            cells[slot] += weight;
        }
    }
    if (sort_slots(slots, found) < 0) goto release;
    sums = PyMem_Malloc((size_t)(found ? found : 1) * sizeof(double));
    if (!sums) { PyErr_NoMemory(); goto release; }
    for (Py_ssize_t i = 0; i < found; i++) {
        sums[i] = cells[slots[i]];
        cells[slots[i]] = 0.0;
    }
    result = Py_BuildValue("(y#y#)", (const char *)slots, found * (Py_ssize_t)sizeof(uint32_t),
                           (const char *)sums, found * (Py_ssize_t)sizeof(double));
release:
    if (result == NULL) {
        /* leave scratch all 0 for the next query, whatever failed */
        for (Py_ssize_t i = 0; i < found; i++) cells[slots[i]] = 0.0;
    }
    for (Py_ssize_t k = 0; k < held; k++) PyBuffer_Release(&views[k]);
    PyMem_Free(views);
done:
    PyMem_Free(slots);
    PyMem_Free(sums);
    PyBuffer_Release(&scratch);
    return result;
}

/* rank(slots, sums, key_counts, kinds, alive, compatible, limit) -> [(slot, value)]:
 * slots (uint32) and sums (float64) as gather() returns them; key_counts (uint16), kinds
 * and alive (uint8) indexed by slot; compatible (uint8) indexed by kind. Each slot that is
 * alive and of a compatible kind gets sum / sqrt(sqrt(max(key_count, 1))) (as numpy computes
 * it, to the last bit: square roots are correctly rounded everywhere); the best `limit`
 * are returned, best first, ties by slot ascending. */
static PyObject *rank(PyObject *self, PyObject *args) {
    Py_buffer b[6];
    Py_ssize_t limit;
    memset(b, 0, sizeof(b));
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*y*n", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
                          &limit))
        return NULL;
    PyObject *result = NULL;
    double *best_value = NULL;
    uint32_t *best_slot = NULL;
    const uint32_t *slots = (const uint32_t *)b[0].buf;
    const double *sums = (const double *)b[1].buf;
    const uint16_t *counts = (const uint16_t *)b[2].buf;
    const uint8_t *kinds = (const uint8_t *)b[3].buf, *alive = (const uint8_t *)b[4].buf;
    const uint8_t *compatible = (const uint8_t *)b[5].buf;
    Py_ssize_t n = b[0].len / 4, slot_count = b[4].len;
    if (b[1].len != n * 8) {
        PyErr_SetString(PyExc_ValueError, "slots and sums differ in length");
        goto done;
    }
    if (b[2].len != slot_count * 2 || b[3].len != slot_count) {
        PyErr_SetString(PyExc_ValueError, "key_counts, kinds and alive differ in length");
        goto done;
    }
    if (limit < 0) limit = 0;
    Py_ssize_t room = limit < n ? limit : n, kept = 0;
    best_value = PyMem_Malloc((size_t)(room ? room : 1) * sizeof(double));
    best_slot = PyMem_Malloc((size_t)(room ? room : 1) * sizeof(uint32_t));
    if (!best_value || !best_slot) { PyErr_NoMemory(); goto done; }
    for (Py_ssize_t i = 0; i < n && room; i++) {
        uint32_t slot = slots[i];
        if ((Py_ssize_t)slot >= slot_count) {
            PyErr_SetString(PyExc_IndexError, "slot beyond the index");
            goto done;
        }
        if (!alive[slot] || kinds[slot] >= b[5].len || !compatible[kinds[slot]]) continue;
        double value = sums[i] / sqrt(sqrt((double)(counts[slot] ? counts[slot] : 1)));
        /* slots come ascending: an equal value already kept has the smaller slot */
        if (kept == room && !(value > best_value[kept - 1])) continue;
        Py_ssize_t j = kept < room ? kept++ : kept - 1;
        while (j > 0 && best_value[j - 1] < value) {
            best_value[j] = best_value[j - 1];
            best_slot[j] = best_slot[j - 1];
            j--;
        }
        best_value[j] = value;
        best_slot[j] = slot;
    }
    result = PyList_New(kept);
    if (!result) goto done;
    for (Py_ssize_t i = 0; i < kept; i++) {
        PyObject *pair = Py_BuildValue("(kd)", (unsigned long)best_slot[i], best_value[i]);
        if (!pair) { Py_CLEAR(result); goto done; }
        PyList_SET_ITEM(result, i, pair);
    }
done:
    PyMem_Free(best_value);
    PyMem_Free(best_slot);
    for (int k = 0; k < 6; k++)
        if (b[k].obj) PyBuffer_Release(&b[k]);
    return result;
}

/* locate(keys, directory, shift, offsets, hashes) -> (rows, sizes): for each hash, its
 * row in keys (sorted uint64, distinct) or -1, and its postings (offsets[row + 1] -
 * offsets[row], int64) or 0. directory (int64, 2**bits + 1 entries, bits = 64 - shift)
 * holds, for each value b of a key's top bits, the first row whose key has top bits >= b;
 * its last entry is len(keys). */
static PyObject *locate(PyObject *self, PyObject *args) {
    Py_buffer b[3];
    int shift;
    PyObject *hashes;
    memset(b, 0, sizeof(b));
    if (!PyArg_ParseTuple(args, "y*y*iy*O!", &b[0], &b[1], &shift, &b[2], &PyList_Type, &hashes))
        return NULL;
    PyObject *rows = NULL, *sizes = NULL, *result = NULL;
    const uint64_t *keys = (const uint64_t *)b[0].buf;
    const int64_t *directory = (const int64_t *)b[1].buf;
    const int64_t *offsets = (const int64_t *)b[2].buf;
    Py_ssize_t n = b[0].len / 8, entries = b[1].len / 8;
    if (shift < 1 || shift > 63 || entries != ((Py_ssize_t)1 << (64 - shift)) + 1) {
        PyErr_SetString(PyExc_ValueError, "directory and shift do not agree");
        goto done;
    }
    if (b[2].len / 8 != n + 1 || directory[entries - 1] != n) {
        PyErr_SetString(PyExc_ValueError, "keys, offsets and directory differ in length");
        goto done;
    }
    Py_ssize_t count = PyList_GET_SIZE(hashes);
    rows = PyList_New(count);
    sizes = PyList_New(count);
    if (!rows || !sizes) goto done;
    for (Py_ssize_t i = 0; i < count; i++) {
        uint64_t h = PyLong_AsUnsignedLongLong(PyList_GET_ITEM(hashes, i));
        if (h == (uint64_t)-1 && PyErr_Occurred()) goto done;
        uint64_t top = h >> shift;
        Py_ssize_t lo = (Py_ssize_t)directory[top], hi = (Py_ssize_t)directory[top + 1];
        if (lo < 0 || hi > n || lo > hi) {
            PyErr_SetString(PyExc_ValueError, "directory out of order");
            goto done;
        }
        while (lo < hi) { /* the first key >= h in [lo, hi) */
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (keys[mid] < h) lo = mid + 1; else hi = mid;
        }
        long long row = -1, size = 0;
        if (lo < n && keys[lo] == h) {
            row = (long long)lo;
            size = (long long)(offsets[lo + 1] - offsets[lo]);
        }
        PyObject *r = PyLong_FromLongLong(row), *z = PyLong_FromLongLong(size);
        if (!r || !z) { Py_XDECREF(r); Py_XDECREF(z); goto done; }
        PyList_SET_ITEM(rows, i, r);
        PyList_SET_ITEM(sizes, i, z);
    }
    result = PyTuple_Pack(2, rows, sizes);
done:
    Py_XDECREF(rows);
    Py_XDECREF(sizes);
    for (int k = 0; k < 3; k++)
        if (b[k].obj) PyBuffer_Release(&b[k]);
    return result;
}

static PyMethodDef methods[] = {
    {"locate", locate, METH_VARARGS, "Rows and posting counts of block-key hashes."},
    {"rank", rank, METH_VARARGS, "The best candidates of a gather, by value then slot."},
    {"gather", gather, METH_VARARGS, "Sum block-key weights per slot; the distinct slots."},
    {"distance", distance, METH_VARARGS, "Weighted edit distance of two symbol sequences."},
    {"configure", configure, METH_VARARGS, "Hand over the phoneme costs."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_alignc", "Fusion's phoneme alignment, compiled.", -1, methods,
};

PyMODINIT_FUNC PyInit__alignc(void) { return PyModule_Create(&module); }
