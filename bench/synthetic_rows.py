"""A large load's rows drawn and formatted as COPY text in a process of their own.

In one process, drawing and formatting a million incidents (~12 s of Python) and the COPY
writer's own Python shared one interpreter lock, and set the load's pace: 22 s to COPY rows that
PostgreSQL takes in far less. In a process of its own the next chunk is made while the load's
process writes the last one.

The process is spawned, not forked: the load's process holds a database connection inside its
transaction, which a forked copy must never touch. Spawned, it starts Django afresh (its models
define the rows) and never connects: the vocabulary comes with its arguments. This module is
outside bench/synthetic/ for that start: the child imports it before Django is set up, and that
package's own import loads the models.
"""

import multiprocessing
import pickle
import traceback


def formatted_in_a_process(seed, count, vocabulary, end, size):
    """The chunks formatted_chunks() would yield, made in a child process (one chunk in the
    pipe at a time: memory stays bounded)."""
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(
        target=_produce,
        # Pickled here, unpickled there once Django is set up (its class is in bench/synthetic/).
        args=(seed, count, pickle.dumps(vocabulary), end, size, sending),
        name="generate_incidents rows",
        daemon=True,  # never outlives the load
    )
    child.start()
    sending.close()  # the child's end: recv() then sees EOF if the child dies
    try:
        while True:
            try:
                message = receiving.recv()
            except EOFError:
                raise RuntimeError("The rows' process ended without a word.") from None
            if message is None:
                return
            if isinstance(message, str):  # its traceback
                raise RuntimeError(f"The rows' process failed:\n{message}")
            yield message
    finally:
        receiving.close()
        child.join(timeout=5)
        if child.is_alive():  # the load stopped early (a failed COPY): stop making rows
            child.terminate()
            child.join()


def _produce(seed, count, vocabulary, end, size, sending):
    try:
        import django

        django.setup()
        from bench.synthetic.load import formatted_chunks

        for chunk in formatted_chunks(seed, count, pickle.loads(vocabulary), end, size):
            sending.send(chunk)
        sending.send(None)
    except BaseException:
        sending.send(traceback.format_exc())
    finally:
        sending.close()
